package io.github.flinkwasm.manifest;

import java.io.Serializable;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;

/**
 * One entry of a manifest's {@code functions} list.
 *
 * @param name SQL name of the function
 * @param export name of the exported WebAssembly function (defaults to {@code name})
 * @param params SQL types of the parameters, or null when the entry is a bare name and the types
 *     come from the export's signature
 * @param returns SQL type of the result, or null as for {@code params}
 * @param onError what a failed call does to its row
 * @param deterministic whether equal arguments always give equal results
 * @param jsonPath where the entry is in the manifest, such as {@code functions[2]}, for messages
 * @param nullResult {@code null_result}: the text of the number result that stands for SQL NULL
 *     (or {@code NaN}), or null when every number result is a value
 */
@PublicEvolving
public record FunctionSpec(
        String name,
        String export,
        List<String> params,
        String returns,
        ErrorPolicy onError,
        boolean deterministic,
        String jsonPath,
        String nullResult)
        implements Serializable {

    public FunctionSpec {
        params = params == null ? null : List.copyOf(params);
    }

    /** An entry without {@code null_result}. */
    public FunctionSpec(
            String name,
            String export,
            List<String> params,
            String returns,
            ErrorPolicy onError,
            boolean deterministic,
            String jsonPath) {
        this(name, export, params, returns, onError, deterministic, jsonPath, null);
    }

    /** True when the signature is to be taken from the export (the short form). */
    public boolean signatureFromExport() {
        return params == null;
    }
}
