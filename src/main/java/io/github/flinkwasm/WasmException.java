package io.github.flinkwasm;

import org.apache.flink.annotation.PublicEvolving;

/** Root of every exception this library throws on purpose. Unchecked, like Flink's and Chicory's. */
@PublicEvolving
public class WasmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WasmException(String message) {
        super(message);
    }

    public WasmException(String message, Throwable cause) {
        super(message, cause);
    }
}
