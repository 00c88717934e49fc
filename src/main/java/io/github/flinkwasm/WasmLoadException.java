package io.github.flinkwasm;

import org.apache.flink.annotation.PublicEvolving;

/**
 * A module cannot be made ready to run: it does not compile, or creating an instance of it fails
 * (its start function traps, a grant cannot be prepared). Raised when a function opens, never for
 * a row. {@link PluginException} is the kind that names a manifest and a key.
 */
@PublicEvolving
public class WasmLoadException extends WasmException {
    private static final long serialVersionUID = 1L;

    public WasmLoadException(String message) {
        super(message);
    }

    public WasmLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
