package io.github.flinkwasm;

import org.apache.flink.annotation.PublicEvolving;

/**
 * A call stopped because its thread was interrupted or its stop signal was raised: not a failure of
 * the guest (the task is being cancelled, or the watchdog stopped a call past its deadline).
 */
@PublicEvolving
public final class GuestInterruptedException extends WasmCallException {
    private static final long serialVersionUID = 1L;

    public GuestInterruptedException(String message, Throwable cause) {
        super(message, cause);
    }
}
