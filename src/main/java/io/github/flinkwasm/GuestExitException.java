package io.github.flinkwasm;

import org.apache.flink.annotation.PublicEvolving;

/** The guest called WASI {@code proc_exit}: the call ended with this exit code. */
@PublicEvolving
public final class GuestExitException extends WasmCallException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public GuestExitException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
