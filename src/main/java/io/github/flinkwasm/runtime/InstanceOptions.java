package io.github.flinkwasm.runtime;

import io.github.flinkwasm.manifest.WasiConfig;
import java.util.Map;

/**
 * What one instance is allowed and given.
 *
 * @param pluginName named in guest log lines and errors
 * @param maxMemoryPages cap of linear memory; the module's own declared maximum still applies
 * @param wasi WASI grants; {@link WasiConfig#DISABLED} links no WASI at all
 * @param config what {@code flink_wasm.config_get} returns
 * @param stop polled by interpreted code, see {@link StopSignal}
 */
public record InstanceOptions(
        String pluginName, int maxMemoryPages, WasiConfig wasi, Map<String, String> config, StopSignal stop) {

    public InstanceOptions {
        config = Map.copyOf(config);
    }
}
