package io.github.flinkwasm.module;

import java.util.Set;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Options of {@code LOAD MODULE wasm WITH (...)}. */
@PublicEvolving
public final class WasmModuleOptions {
    public static final ConfigOption<String> PLUGINS = ConfigOptions.key("plugins")
            .stringType()
            .noDefaultValue()
            .withDescription("Plugins to load: a manifest, a folder of manifests, or a comma-separated "
                    + "list of them. Paths are local or URIs that Flink's FileSystem can read.");

    static final Set<ConfigOption<?>> REQUIRED = Set.of(PLUGINS);
    static final Set<ConfigOption<?>> OPTIONAL = Set.of();

    private WasmModuleOptions() {
        // no instances
    }
}
