package io.github.flinkwasm.table;

import io.github.flinkwasm.plugin.Plugin;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Base class of the classes the command line's {@code package} command generates for functions of
 * kind {@code process}; as {@link PackagedWasmFunction}, the plugin comes from the same jar.
 */
@PublicEvolving
public abstract class PackagedWasmProcessFunction extends AbstractWasmProcessTableFunction {
    private static final long serialVersionUID = 1L;

    private final PluginRef ref;

    protected PackagedWasmProcessFunction(String pluginName, String functionName) {
        this.ref = PluginRef.packaged(pluginName, functionName);
    }

    @Override
    protected String functionName() {
        return ref.function(getClass()).name();
    }

    @Override
    protected Plugin plugin() {
        return ref.function(getClass()).plugin();
    }
}
