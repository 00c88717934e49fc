package io.github.flinkwasm.manifest;

import io.github.flinkwasm.Records;
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
 * @param kind the Flink function kind ({@code functions[].kind}, scalar by default)
 * @param stateTtlMs a process function's state time-to-live in milliseconds ({@code
 *     functions[].state_ttl_ms}); 0 keeps state until the function clears it
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
        String nullResult,
        FunctionKind kind,
        long stateTtlMs)
        implements Serializable {

    public FunctionSpec {
        params = params == null ? null : List.copyOf(params);
        kind = kind == null ? FunctionKind.SCALAR : kind;
    }

    /** A scalar function without {@code null_result}. */
    public FunctionSpec(
            String name,
            String export,
            List<String> params,
            String returns,
            ErrorPolicy onError,
            boolean deterministic,
            String jsonPath,
            String nullResult) {
        this(name, export, params, returns, onError, deterministic, jsonPath, nullResult, FunctionKind.SCALAR, 0);
    }

    /** A scalar entry without {@code null_result}. */
    public FunctionSpec(
            String name,
            String export,
            List<String> params,
            String returns,
            ErrorPolicy onError,
            boolean deterministic,
            String jsonPath) {
        this(name, export, params, returns, onError, deterministic, jsonPath, null, FunctionKind.SCALAR, 0);
    }

    /** A function of this kind, without {@code null_result} or a state time-to-live. */
    public FunctionSpec(
            String name,
            String export,
            List<String> params,
            String returns,
            ErrorPolicy onError,
            boolean deterministic,
            String jsonPath,
            FunctionKind kind) {
        this(name, export, params, returns, onError, deterministic, jsonPath, null, kind, 0);
    }

    /** True when the signature is to be taken from the export (the short form). */
    public boolean signatureFromExport() {
        return params == null;
    }

    // written out, see Records: a record's own would keep a job's class loader alive on JDK 17

    @Override
    public boolean equals(Object o) {
        return Records.equals(this, o);
    }

    @Override
    public int hashCode() {
        return Records.hashCode(this);
    }

    @Override
    public String toString() {
        return Records.toString(this);
    }
}
