package io.github.flinkwasm.runtime;

import io.github.flinkwasm.WasmCallException;

/** A call stopped because its thread was interrupted or its {@link StopSignal} was raised. */
public final class GuestInterruptedException extends WasmCallException {
    private static final long serialVersionUID = 1L;

    public GuestInterruptedException(String message, Throwable cause) {
        super(message, cause);
    }
}
