package io.github.flinkwasm;

import org.apache.flink.annotation.PublicEvolving;

/** A call into a guest failed: it trapped, ran out of memory or returned something invalid. */
@PublicEvolving
public class WasmCallException extends WasmException {
    private static final long serialVersionUID = 1L;

    public WasmCallException(String message) {
        super(message);
    }

    public WasmCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
