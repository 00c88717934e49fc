package io.github.flinkwasm.engine;

import org.apache.flink.annotation.Internal;

/**
 * A handle on one exported function of one {@link WasmInstance}, resolved once. Not thread-safe.
 * The engine's own exceptions do not get past it: a trap becomes a {@link
 * io.github.flinkwasm.WasmCallException}, an interruption a {@link
 * io.github.flinkwasm.GuestInterruptedException}; a {@link io.github.flinkwasm.WasmException}
 * thrown by a host function passes unchanged.
 */
@Internal
public interface GuestFunction {

    /** The export's name. */
    String name();

    /**
     * Calls the function. Numbers are passed as raw bits ({@code f32}/{@code f64} by their IEEE
     * bits). The array may be reused across calls; the result array may be fresh or null when the
     * function returns nothing.
     */
    long[] call(long[] args);
}
