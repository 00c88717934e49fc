package io.github.flinkwasm.table;

import io.github.flinkwasm.manifest.FunctionKind;
import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.plugin.Plugin;
import java.io.Serializable;
import java.util.Objects;

/**
 * Where a table or aggregate function's plugin comes from: the plugin itself (serialized with the
 * function, for {@code LOAD MODULE} and the Table API), or a plugin packaged in the jar of the
 * function's class (for {@code CREATE FUNCTION ... USING JAR}), loaded from its class loader.
 */
final class PluginRef implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Plugin plugin;
    private final String pluginName;
    private final String functionName;
    private transient Plugin loaded;

    private PluginRef(Plugin plugin, String pluginName, String functionName) {
        this.plugin = plugin;
        this.pluginName = pluginName;
        this.functionName = Objects.requireNonNull(functionName);
    }

    /** A function of a plugin in hand, which must be of this kind. */
    static PluginRef of(Plugin plugin, String functionName, FunctionKind kind) {
        PluginRef ref = new PluginRef(Objects.requireNonNull(plugin), plugin.name(), functionName);
        ref.checkKind(plugin, kind);
        return ref;
    }

    /** A function of a plugin packaged beside the class that holds it. */
    static PluginRef packaged(String pluginName, String functionName) {
        return new PluginRef(null, Objects.requireNonNull(pluginName), functionName);
    }

    Plugin plugin(Class<?> owner) {
        if (plugin != null) {
            return plugin;
        }
        if (loaded == null) {
            loaded = PackagedWasmFunction.packagedPlugin(owner.getClassLoader(), pluginName);
        }
        return loaded;
    }

    String functionName() {
        return functionName;
    }

    FunctionSignature signature(Class<?> owner) {
        return plugin(owner).function(functionName);
    }

    private void checkKind(Plugin p, FunctionKind kind) {
        FunctionSignature sig = p.function(functionName); // names the plugin when there is no such function
        if (sig.kind() != kind) {
            throw new IllegalArgumentException("function '" + functionName + "' of plugin '" + p.name() + "' ("
                    + p.manifest().source() + ") is of kind " + sig.kind().jsonName() + ", not "
                    + kind.jsonName());
        }
    }

    @Override
    public String toString() {
        return "wasm:" + pluginName + "." + functionName;
    }
}
