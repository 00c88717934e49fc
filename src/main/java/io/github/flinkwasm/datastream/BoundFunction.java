package io.github.flinkwasm.datastream;

import io.github.flinkwasm.invoke.FunctionInvoker;
import io.github.flinkwasm.metrics.WasmFunctionMetrics;
import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.types.Representation;
import java.io.Serializable;
import java.util.Objects;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

/**
 * One plugin function as the DataStream wrappers hold it: serializable, with the subtask's invoker
 * opened in {@code open()}.
 */
final class BoundFunction implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Plugin plugin;
    private final String functionName;
    private transient FunctionInvoker invoker;

    BoundFunction(Plugin plugin, String functionName) {
        this.plugin = Objects.requireNonNull(plugin);
        this.functionName = Objects.requireNonNull(functionName);
        plugin.function(functionName); // fails now, naming the plugin, when there is no such function
    }

    String pluginName() {
        return plugin.name();
    }

    String functionName() {
        return functionName;
    }

    /** Opens the subtask's invoker, reporting to the subtask's metric group. */
    void open(RuntimeContext context) {
        invoker = FunctionInvoker.open(
                plugin,
                functionName,
                WasmFunctionMetrics.register(context.getMetricGroup(), plugin.name(), functionName),
                Representation.JAVA);
    }

    /** Calls the function on a stream element; {@code on_error} applies. Results in Java's classes. */
    Object invoke(Object element) {
        return invoker.invoke(arguments(element));
    }

    /** Calls the function on a stream element; a failed call throws whatever {@code on_error} says. */
    Object invokeOrThrow(Object element) {
        return invoker.invokeOrThrow(arguments(element));
    }

    void close() {
        if (invoker != null) {
            invoker.close();
            invoker = null;
        }
    }

    @SuppressWarnings("unchecked")
    <T> TypeInformation<T> resultType() {
        FunctionSignature f = plugin.function(functionName);
        return (TypeInformation<T>) f.returnKind()
                .codec()
                .javaTypeInformation(LogicalTypeParser.parse(f.returnType(), BoundFunction.class.getClassLoader()));
    }

    private Object[] arguments(Object element) {
        return Arguments.of(element, plugin.function(functionName).paramKinds().size());
    }
}
