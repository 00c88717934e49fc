package io.github.flinkwasm.engine;

import io.github.flinkwasm.manifest.WasiConfig;
import java.util.List;
import org.apache.flink.annotation.Internal;

/**
 * What one instance is allowed and given.
 *
 * @param pluginName named in guest log lines and errors
 * @param maxMemoryPages cap of linear memory; the module's own declared maximum still applies
 * @param wasi WASI grants; {@link WasiConfig#DISABLED} links no WASI at all. WASI is the engine's
 *     own: it is configured from these grants, never passed as host functions
 * @param hostFunctions every other import the host provides (such as {@code flink_wasm.log})
 * @param stop polled by engines that cannot observe thread interruption everywhere
 */
@Internal
public record InstanceOptions(
        String pluginName, int maxMemoryPages, WasiConfig wasi, List<HostFunction> hostFunctions, StopSignal stop) {

    public InstanceOptions {
        hostFunctions = List.copyOf(hostFunctions);
    }
}
