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

    private final String pluginName;
    private final String functionName;
    private transient Plugin plugin;

    protected PackagedWasmProcessFunction(String pluginName, String functionName) {
        this.pluginName = pluginName;
        this.functionName = functionName;
    }

    @Override
    protected String functionName() {
        return functionName;
    }

    @Override
    protected Plugin plugin() {
        if (plugin == null) {
            plugin = PackagedWasmFunction.packagedPlugin(getClass().getClassLoader(), pluginName);
        }
        return plugin;
    }
}
