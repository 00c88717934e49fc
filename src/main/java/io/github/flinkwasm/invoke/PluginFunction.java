package io.github.flinkwasm.invoke;

import io.github.flinkwasm.manifest.FunctionKind;
import io.github.flinkwasm.metrics.MetricsRecorder;
import io.github.flinkwasm.metrics.WasmFunctionMetrics;
import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.types.Representation;
import java.io.Serializable;
import java.util.Objects;
import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.MetricGroup;

/**
 * One function of one plugin as every Flink wrapper holds it (SQL, Table API, DataStream):
 * serializable, checked when built, and the one place that opens a subtask's invoker or pool with
 * its metrics. The plugin, module bytes included, travels with the job.
 */
@Internal
public final class PluginFunction implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Plugin plugin;
    private final String name;

    /**
     * @throws IllegalArgumentException naming the plugin when it has no function of this name
     */
    public PluginFunction(Plugin plugin, String name) {
        this.plugin = Objects.requireNonNull(plugin);
        this.name = Objects.requireNonNull(name);
        plugin.function(name); // fails now, naming the plugin, when there is no such function
    }

    /**
     * A function of this kind.
     *
     * @throws IllegalArgumentException naming the plugin and its manifest when the function is
     *     missing or of another kind
     */
    public static PluginFunction of(Plugin plugin, String name, FunctionKind kind) {
        PluginFunction function = new PluginFunction(plugin, name);
        FunctionKind actual = function.signature().kind();
        if (actual != kind) {
            throw new IllegalArgumentException("function '" + name + "' of plugin '" + plugin.name() + "' ("
                    + plugin.manifest().source() + ") is of kind " + actual.jsonName() + ", not " + kind.jsonName());
        }
        return function;
    }

    /** Loads the plugin of a manifest (path or URI) and takes one of its functions. */
    public static PluginFunction load(String manifest, String name) {
        return new PluginFunction(PluginLoader.load(manifest), name);
    }

    public Plugin plugin() {
        return plugin;
    }

    /** The function's SQL name within its plugin. */
    public String name() {
        return name;
    }

    public FunctionSignature signature() {
        return plugin.function(name);
    }

    /** Opens the subtask's invoker, reporting under {@code wasm.<plugin>.<function>} of the group. */
    public FunctionInvoker open(MetricGroup group, Representation representation) {
        return FunctionInvoker.open(plugin, name, metrics(group), representation);
    }

    /** Opens the subtask's pool of {@code instance_num} (at least one) invokers. */
    public InstancePool openPool(MetricGroup group) {
        return InstancePool.open(plugin, name, Math.max(1, plugin.manifest().instanceNum()), metrics(group));
    }

    /** Opens the subtask's invoker of an aggregate function. */
    public AggregateInvoker openAggregate(MetricGroup group, Representation representation) {
        return AggregateInvoker.open(plugin, name, metrics(group), representation);
    }

    /** Opens the subtask's invoker of a process function. */
    public ProcessInvoker openProcess(MetricGroup group) {
        return ProcessInvoker.open(plugin, name, metrics(group));
    }

    /** No metrics without a group: Flink calls some methods outside a task (while planning). */
    private MetricsRecorder metrics(MetricGroup group) {
        return group == null ? MetricsRecorder.NONE : WasmFunctionMetrics.register(group, plugin.name(), name);
    }

    /** {@code plugin.function} */
    @Override
    public String toString() {
        return plugin.name() + "." + name;
    }
}
