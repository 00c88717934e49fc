package io.github.flinkwasm.engine;

import io.github.flinkwasm.LogRateLimit;
import io.github.flinkwasm.Records;
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
 * @param guestLog bounds the lines of the guest's WASI stdout and stderr; share one between the
 *     instances that follow each other (and with {@code flink_wasm.log}), so that a restart does
 *     not reset it
 */
@Internal
public record InstanceOptions(
        String pluginName,
        int maxMemoryPages,
        WasiConfig wasi,
        List<HostFunction> hostFunctions,
        StopSignal stop,
        LogRateLimit guestLog) {
    /** Guest log lines logged per {@link LogRateLimit#INTERVAL_NANOS}, per function and subtask. */
    public static final int GUEST_LOG_LINES = 100;

    public InstanceOptions {
        hostFunctions = List.copyOf(hostFunctions);
    }

    /** Options with a guest log limit of their own. */
    public InstanceOptions(
            String pluginName, int maxMemoryPages, WasiConfig wasi, List<HostFunction> hostFunctions, StopSignal stop) {
        this(pluginName, maxMemoryPages, wasi, hostFunctions, stop, guestLogLimit());
    }

    /** A new limit of {@link #GUEST_LOG_LINES} per 10 s. */
    public static LogRateLimit guestLogLimit() {
        return new LogRateLimit(GUEST_LOG_LINES, LogRateLimit.INTERVAL_NANOS);
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
