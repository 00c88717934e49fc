package io.github.flinkwasm.manifest;

import io.github.flinkwasm.Records;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A plugin manifest as read from JSON: immutable, and checked for structure by {@link
 * ManifestReader}. Whether the module and its exports fit is checked when the plugin is loaded.
 *
 * @param source where the manifest was read from, for messages
 * @param baseDir the folder (or URI prefix) that relative paths are resolved against
 */
@PublicEvolving
public record PluginManifest(
        String source,
        String baseDir,
        String name,
        String version,
        String description,
        int instanceNum,
        VmConfig vmConfig,
        Map<String, String> config,
        List<FunctionSpec> functions)
        implements Serializable {

    public PluginManifest {
        config = Map.copyOf(config);
        functions = List.copyOf(functions);
    }

    /** The function with this SQL name, or null. */
    public FunctionSpec function(String sqlName) {
        for (FunctionSpec f : functions) {
            if (f.name().equals(sqlName)) {
                return f;
            }
        }
        return null;
    }

    /** This manifest with another {@code vm_config}. */
    public PluginManifest withVmConfig(VmConfig other) {
        return new PluginManifest(source, baseDir, name, version, description, instanceNum, other, config, functions);
    }

    // written out, see Records: a record's own would keep a job's class loader alive on JDK 17

    @Override
    public boolean equals(Object o) {
        return Records.equals(this, o);
    }

    @Override
    public int hashCode() {
        return Records.hashCode(this);
    }

    @Override
    public String toString() {
        return Records.toString(this);
    }
}
