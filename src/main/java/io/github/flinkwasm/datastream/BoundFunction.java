package io.github.flinkwasm.datastream;

import io.github.flinkwasm.invoke.FunctionInvoker;
import io.github.flinkwasm.invoke.InstancePool;
import io.github.flinkwasm.invoke.PluginFunction;
import io.github.flinkwasm.metrics.WasmFunctionMetrics;
import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.types.Representation;
import io.github.flinkwasm.types.ValueKind;
import java.io.Serializable;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.apache.flink.types.Row;

/**
 * What the DataStream wrappers share: the plugin function, the subtask's invoker (values in Java's
 * own classes), and how a stream element is spread over the function's parameters.
 */
final class BoundFunction implements Serializable {
    private static final long serialVersionUID = 1L;

    private final PluginFunction function;
    private transient FunctionInvoker invoker;

    BoundFunction(Plugin plugin, String functionName) {
        this.function = new PluginFunction(plugin, functionName);
    }

    /** Opens the subtask's invoker, reporting to the subtask's metric group. */
    void open(RuntimeContext context) {
        invoker = function.open(context.getMetricGroup(), Representation.JAVA);
    }

    /**
     * Opens the subtask's pool of {@code instance_num} invokers instead of one, for {@link
     * WasmAsyncFunction}; calls then go through {@link #submit}.
     */
    InstancePool openPool(RuntimeContext context) {
        Plugin plugin = function.plugin();
        return InstancePool.open(
                plugin,
                function.name(),
                Math.max(1, plugin.manifest().instanceNum()),
                WasmFunctionMetrics.register(context.getMetricGroup(), plugin.name(), function.name()),
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

    /** The type of one row of a table function. */
    @SuppressWarnings("unchecked")
    <T> TypeInformation<T> rowType() {
        LogicalType row =
                LogicalTypeParser.parse(function.signature().returnType(), BoundFunction.class.getClassLoader());
        return (TypeInformation<T>) ValueKind.of(row).codec().javaTypeInformation(row);
    }

    /** The DataStream type of the function's result, in Java's own classes. */
    @SuppressWarnings("unchecked")
    <T> TypeInformation<T> resultType() {
        FunctionSignature f = function.signature();
        return (TypeInformation<T>) f.returnKind()
                .codec()
                .javaTypeInformation(LogicalTypeParser.parse(f.returnType(), BoundFunction.class.getClassLoader()));
    }

    /**
     * A {@link Row} or {@link Tuple} gives one argument per field and an {@code Object[]} one per
     * element; any other element is the single argument of a one-parameter function.
     */
    Object[] arguments(Object element) {
        return spread(element, function.signature().paramKinds().size());
    }

    /** {@link #arguments} for a function of {@code params} parameters. */
    static Object[] spread(Object element, int params) {
        Object[] args;
        if (element instanceof Row row) {
            args = new Object[row.getArity()];
            for (int i = 0; i < args.length; i++) {
                args[i] = row.getField(i);
            }
        } else if (element instanceof Tuple t) {
            args = new Object[t.getArity()];
            for (int i = 0; i < args.length; i++) {
                args[i] = t.getField(i);
            }
        } else if (element instanceof Object[] array) {
            args = array;
        } else {
            args = new Object[] {element};
        }
        if (args.length != params) {
            throw new IllegalArgumentException("the function takes " + params + " arguments, but the element " + element
                    + " gives " + args.length);
        }
        return args;
    }
}
