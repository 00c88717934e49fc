package io.github.flinkwasm;

import org.apache.flink.annotation.PublicEvolving;

/** A call ran longer than the plugin's {@code vm_config.timeout_ms} and was stopped. */
@PublicEvolving
public class WasmTimeoutException extends WasmCallException {
    private static final long serialVersionUID = 1L;

    public WasmTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
