package io.github.flinkwasm.abi.extism;

import io.github.flinkwasm.WasmCallException;
import org.apache.flink.annotation.PublicEvolving;

/**
 * An Extism plugin function ended normally but reported a failure: it set an error message with
 * {@code error_set} or returned a non-zero code. The instance is intact (no trap), so its vars may
 * live on.
 */
@PublicEvolving
public final class ExtismPluginException extends WasmCallException {
    private static final long serialVersionUID = 1L;

    public ExtismPluginException(String message) {
        super(message);
    }
}
