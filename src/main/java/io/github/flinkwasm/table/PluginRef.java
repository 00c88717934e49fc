package io.github.flinkwasm.table;

import io.github.flinkwasm.invoke.PluginFunction;
import io.github.flinkwasm.manifest.FunctionKind;
import io.github.flinkwasm.plugin.Plugin;
import java.io.Serializable;
import java.util.Objects;

/**
 * Where a function of this package finds its {@link PluginFunction}: in hand (serialized with the
 * function, for {@code LOAD MODULE} and the Table API), or packaged in the jar of the function's
 * class (for {@code CREATE FUNCTION ... USING JAR}), loaded from that class's loader when first
 * needed.
 */
final class PluginRef implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The function in hand, or null for a packaged one. */
    private final PluginFunction function;

    private final String pluginName;
    private final String functionName;
    private transient PluginFunction loaded;

    private PluginRef(PluginFunction function, String pluginName, String functionName) {
        this.function = function;
        this.pluginName = Objects.requireNonNull(pluginName);
        this.functionName = Objects.requireNonNull(functionName);
    }

    /** A function of a plugin in hand, which must be of this kind. */
    static PluginRef of(Plugin plugin, String functionName, FunctionKind kind) {
        return new PluginRef(PluginFunction.of(plugin, functionName, kind), plugin.name(), functionName);
    }

    /** A function of a plugin packaged beside the class that holds it. */
    static PluginRef packaged(String pluginName, String functionName) {
        return new PluginRef(null, pluginName, functionName);
    }

    /** The plugin function; a packaged one is loaded from the class loader of {@code owner}. */
    PluginFunction function(Class<?> owner) {
        if (function != null) {
            return function;
        }
        if (loaded == null) {
            loaded = new PluginFunction(
                    PackagedWasmFunction.packagedPlugin(owner.getClassLoader(), pluginName), functionName);
        }
        return loaded;
    }

    /** {@code wasm:plugin.function} */
    @Override
    public String toString() {
        return "wasm:" + pluginName + "." + functionName;
    }
}
