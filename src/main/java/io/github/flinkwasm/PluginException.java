package io.github.flinkwasm;

import org.apache.flink.annotation.PublicEvolving;

/**
 * A plugin cannot be loaded: its manifest or its module is wrong. Raised at load time, never at the
 * first row. The message names the manifest file, the JSON path of the key and what was expected.
 */
@PublicEvolving
public class PluginException extends WasmLoadException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String jsonPath;

    public PluginException(String source, String jsonPath, String problem) {
        this(source, jsonPath, problem, null);
    }

    public PluginException(String source, String jsonPath, String problem, Throwable cause) {
        super(format(source, jsonPath, problem), cause);
        this.source = source;
        this.jsonPath = jsonPath;
    }

    private static String format(String source, String jsonPath, String problem) {
        return source + (jsonPath == null || jsonPath.isEmpty() ? "" : ": " + jsonPath) + ": " + problem;
    }

    /** The manifest (or module) file the problem is in. */
    public String source() {
        return source;
    }

    /** JSON path of the offending key, such as {@code vm_config.timeout_ms}; empty for the file. */
    public String jsonPath() {
        return jsonPath == null ? "" : jsonPath;
    }
}
