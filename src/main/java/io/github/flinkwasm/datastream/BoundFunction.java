package io.github.flinkwasm.datastream;

import io.github.flinkwasm.invoke.FunctionInvoker;
import io.github.flinkwasm.metrics.WasmFunctionMetrics;
import io.github.flinkwasm.plugin.Plugin;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;

import java.io.Serializable;
import java.util.Objects;

/** One plugin function as the DataStream wrappers hold it: serializable, opened per subtask. */
final class BoundFunction implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Plugin plugin;
    private final String functionName;

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

    /** The subtask's invoker, reporting to the subtask's metric group; results in Java's classes. */
    FunctionInvoker open(RuntimeContext context) {
        return FunctionInvoker.open(plugin, functionName,
                WasmFunctionMetrics.register(context.getMetricGroup(), plugin.name(), functionName), true);
    }

    <T> TypeInformation<T> resultType() {
        return ResultTypes.of(plugin.function(functionName));
    }

    /** Spreads a stream element over the function's parameters. */
    Object[] arguments(Object element) {
        return Arguments.of(element, plugin.function(functionName).paramKinds().size());
    }
}
