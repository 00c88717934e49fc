package io.github.flinkwasm.table;

import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A plugin function of kind {@code process} for the Table API and {@code LOAD MODULE}. The plugin,
 * module bytes included, is serialized with the function.
 *
 * <pre>{@code
 * tEnv.createTemporarySystemFunction("sessions", WasmProcessTableFunction.of("udf-samples/plugins/sessions_c.json", "sessions"));
 * tEnv.executeSql("SELECT * FROM sessions(input => TABLE clicks PARTITION BY user_id, on_time => DESCRIPTOR(ts))");
 * }</pre>
 */
@PublicEvolving
public class WasmProcessTableFunction extends AbstractWasmProcessTableFunction {
    private static final long serialVersionUID = 1L;

    private final Plugin plugin;
    private final String functionName;

    public WasmProcessTableFunction(Plugin plugin, String functionName) {
        this.plugin = Objects.requireNonNull(plugin);
        this.functionName = Objects.requireNonNull(functionName);
        plugin.function(functionName); // fails now, naming the plugin, when there is no such function
    }

    /** Loads the plugin of a manifest (path or URI) and takes one of its process functions. */
    public static WasmProcessTableFunction of(String manifest, String functionName) {
        return new WasmProcessTableFunction(PluginLoader.load(manifest), functionName);
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
