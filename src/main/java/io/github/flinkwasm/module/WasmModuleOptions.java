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

    public static final ConfigOption<Boolean> OVERRIDE_BUILT_INS = ConfigOptions.key("override-built-ins")
            .booleanType()
            .defaultValue(false)
            .withDescription("Accept plugin functions named like Flink built-in functions: SQL calls them once "
                    + "the module comes before core (USE MODULES wasm, core). Without it LOAD MODULE refuses "
                    + "them, since after LOAD MODULE the built-in would be called instead.");

    static final Set<ConfigOption<?>> REQUIRED = Set.of(PLUGINS);
    static final Set<ConfigOption<?>> OPTIONAL = Set.of(OVERRIDE_BUILT_INS);

    private WasmModuleOptions() {
        // no instances
    }
}
