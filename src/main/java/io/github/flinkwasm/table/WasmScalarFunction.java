package io.github.flinkwasm.table;

import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import java.util.Objects;

/**
 * A plugin function for the Table API and {@code LOAD MODULE}. The plugin, module bytes included,
 * is serialized with the function, so TaskManagers need no files.
 *
 * <pre>{@code
 * tEnv.createTemporarySystemFunction("fib", WasmScalarFunction.of("udf-samples/plugins/seed.json", "fib"));
 * }</pre>
 */
public class WasmScalarFunction extends AbstractWasmScalarFunction {
    private static final long serialVersionUID = 1L;

    private final Plugin plugin;
    private final String functionName;

    public WasmScalarFunction(Plugin plugin, String functionName) {
        this.plugin = Objects.requireNonNull(plugin);
        this.functionName = Objects.requireNonNull(functionName);
        plugin.function(functionName); // fails now, naming the plugin, when there is no such function
    }

    /** Loads the plugin of a manifest (path or URI) and takes one of its functions. */
    public static WasmScalarFunction of(String manifest, String functionName) {
        return new WasmScalarFunction(PluginLoader.load(manifest), functionName);
    }

    @Override
    protected Plugin plugin() {
        return plugin;
    }

    @Override
    protected String functionName() {
        return functionName;
    }
}
