package io.github.flinkwasm.table;

import io.github.flinkwasm.invoke.PluginFunction;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A plugin function for the Table API and {@code LOAD MODULE}. The plugin, module bytes included,
 * is serialized with the function, so TaskManagers need no files.
 *
 * <pre>{@code
 * tEnv.createTemporarySystemFunction("fib", WasmScalarFunction.of("udf-samples/plugins/seed.json", "fib"));
 * }</pre>
 */
@PublicEvolving
public class WasmScalarFunction extends AbstractWasmScalarFunction {
    private static final long serialVersionUID = 1L;

    private final PluginFunction function;

    public WasmScalarFunction(Plugin plugin, String functionName) {
        this.function = new PluginFunction(plugin, functionName);
    }

    /** Loads the plugin of a manifest (path or URI) and takes one of its functions. */
    public static WasmScalarFunction of(String manifest, String functionName) {
        return new WasmScalarFunction(PluginLoader.load(manifest), functionName);
    }

    @Override
    protected PluginFunction function() {
        return function;
    }
}
