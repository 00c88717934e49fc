package io.github.flinkwasm.plugin;

import io.github.flinkwasm.manifest.PluginManifest;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A loaded plugin: its manifest, the module bytes and the checked signature of every function.
 * Immutable and serializable: it travels inside the Flink function objects, so a TaskManager never
 * needs the files. Build one with {@link PluginLoader}.
 *
 * @param digest SHA-256 of {@code wasm}, the key of the per-JVM compile cache
 */
@PublicEvolving
public record Plugin(PluginManifest manifest, byte[] wasm, String digest, List<FunctionSignature> functions)
        implements Serializable {

    public Plugin {
        functions = List.copyOf(functions);
    }

    public String name() {
        return manifest.name();
    }

    /** The function with this SQL name. */
    public FunctionSignature function(String sqlName) {
        for (FunctionSignature f : functions) {
            if (f.name().equals(sqlName)) {
                return f;
            }
        }
        throw new IllegalArgumentException("plugin '" + name() + "' (" + manifest.source() + ") has no function '"
                + sqlName + "'; it has " + functionNames());
    }

    public List<String> functionNames() {
        return functions.stream().map(FunctionSignature::name).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Plugin && ((Plugin) o).digest.equals(digest) && ((Plugin) o).manifest.equals(manifest);
    }

    @Override
    public int hashCode() {
        return digest.hashCode() * 31 + manifest.hashCode();
    }

    @Override
    public String toString() {
        return "Plugin[" + name() + " from " + manifest.source() + ", " + functions + "]";
    }
}
