package io.github.flinkwasm.runtime;

import io.github.flinkwasm.LogRateLimit;
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
 * @param guestLog bounds the guest's log lines ({@code flink_wasm.log}, WASI stdout and stderr);
 *     share one between the instances that follow each other, so a restart does not reset it
 */
public record InstanceOptions(
        String pluginName,
        int maxMemoryPages,
        WasiConfig wasi,
        Map<String, String> config,
        StopSignal stop,
        LogRateLimit guestLog) {
    /** Guest log lines logged per {@link LogRateLimit#INTERVAL_NANOS}, per function and subtask. */
    public static final int GUEST_LOG_LINES = 100;

    public InstanceOptions {
        config = Map.copyOf(config);
    }

    /** Options with a guest log limit of their own. */
    public InstanceOptions(
            String pluginName, int maxMemoryPages, WasiConfig wasi, Map<String, String> config, StopSignal stop) {
        this(pluginName, maxMemoryPages, wasi, config, stop, guestLogLimit());
    }

    /** A new limit of {@link #GUEST_LOG_LINES} per 10 s. */
    public static LogRateLimit guestLogLimit() {
        return new LogRateLimit(GUEST_LOG_LINES, LogRateLimit.INTERVAL_NANOS);
    }
}
