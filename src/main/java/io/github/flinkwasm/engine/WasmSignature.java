package io.github.flinkwasm.engine;

import io.github.flinkwasm.Records;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.annotation.Internal;

/**
 * The type of a WebAssembly function in host terms. A null entry stands for a type the host cannot
 * pass (v128, references), printed as {@code ?}.
 */
@Internal
public record WasmSignature(List<WasmType> params, List<WasmType> results) {

    public WasmSignature {
        params = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
        results = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(results));
    }

    public static WasmSignature of(List<WasmType> params, List<WasmType> results) {
        return new WasmSignature(params, results);
    }

    /** True when every parameter and result is a number type. */
    public boolean numeric() {
        return !params.contains(null) && !results.contains(null);
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

    /** Written as in the text format, such as {@code (i32, i32) -> i64}. */
    @Override
    public String toString() {
        return "(" + names(params) + ") -> " + (results.size() == 1 ? names(results) : "(" + names(results) + ")");
    }

    private static String names(List<WasmType> types) {
        return types.stream().map(t -> t == null ? "?" : t.wireName()).collect(Collectors.joining(", "));
    }
}
