package io.github.flinkwasm.runtime;

import io.github.flinkwasm.manifest.WasiConfig;
import java.util.List;
import java.util.Map;

/**
 * What one instance is allowed and given.
 *
 * @param pluginName named in guest log lines and errors
 * @param maxMemoryPages cap of linear memory; the module's own declared maximum still applies
 * @param wasi WASI grants; {@link WasiConfig#DISABLED} links no WASI at all
 * @param config what {@code flink_wasm.config_get} returns
 * @param stop polled by interpreted code, see {@link StopSignal}
 * @param hostImports further host functions to link (the Extism host's)
 * @param reactorInit whether to call an exported {@code _initialize} after instantiation (SPEC
 *     section 3); off when the caller runs its own start convention (Extism's)
 */
public record InstanceOptions(
        String pluginName,
        int maxMemoryPages,
        WasiConfig wasi,
        Map<String, String> config,
        StopSignal stop,
        List<HostImport> hostImports,
        boolean reactorInit) {

    public InstanceOptions {
        config = Map.copyOf(config);
        hostImports = List.copyOf(hostImports);
    }

    /** Options for a module of the flink_wasm ABI: no further imports, {@code _initialize} called. */
    public InstanceOptions(
            String pluginName, int maxMemoryPages, WasiConfig wasi, Map<String, String> config, StopSignal stop) {
        this(pluginName, maxMemoryPages, wasi, config, stop, List.of(), true);
    }

    /** These options with other host imports and start convention. */
    public InstanceOptions withHostImports(List<HostImport> imports, boolean initialize) {
        return new InstanceOptions(pluginName, maxMemoryPages, wasi, config, stop, imports, initialize);
    }
}
