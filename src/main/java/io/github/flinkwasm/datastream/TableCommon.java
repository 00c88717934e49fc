package io.github.flinkwasm.datastream;

import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;

/**
 * Whether Flink's {@code flink-table-common}, which reads the SQL types of a manifest, is on the
 * classpath: without it a DataStream job would otherwise fail with a {@code NoClassDefFoundError}
 * deep in the plugin loader. This class itself uses no table class.
 */
final class TableCommon {
    private static final String PROBE = "org.apache.flink.table.types.logical.LogicalType";

    private TableCommon() {
        // no instances
    }

    /** {@link PluginLoader#load(String)}, after checking that flink-table-common is there. */
    static Plugin load(String manifest) {
        require();
        return PluginLoader.load(manifest);
    }

    /** @throws IllegalStateException naming the artifact to add when it is missing */
    static void require() {
        try {
            Class.forName(PROBE, false, TableCommon.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    "flink-wasm reads the SQL types of a manifest with Flink's flink-table-common, which is not on "
                            + "the classpath: add org.apache.flink:flink-table-common (the version of your Flink, "
                            + "scope provided) to the job's dependencies; a Flink distribution has it in lib/",
                    e);
        }
    }
}
