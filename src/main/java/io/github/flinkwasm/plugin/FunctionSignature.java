package io.github.flinkwasm.plugin;

import io.github.flinkwasm.manifest.ErrorPolicy;
import io.github.flinkwasm.types.NullResult;
import io.github.flinkwasm.types.ValueKind;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A plugin function as checked against its module: SQL types, how each crosses the boundary, and
 * the export that implements it. Immutable and serializable; it travels with the job.
 *
 * @param name SQL name
 * @param export exported WebAssembly function
 * @param paramTypes SQL type of each parameter, as Flink's parser reads them
 * @param returnType SQL type of the result
 * @param nullResult the number result that stands for NULL ({@code null_result}), or null
 */
@PublicEvolving
public record FunctionSignature(
        String name,
        String export,
        List<String> paramTypes,
        List<ValueKind> paramKinds,
        String returnType,
        ValueKind returnKind,
        ErrorPolicy onError,
        boolean deterministic,
        NullResult nullResult)
        implements Serializable {

    public FunctionSignature {
        paramTypes = List.copyOf(paramTypes);
        paramKinds = List.copyOf(paramKinds);
    }

    /** A signature without {@code null_result}. */
    public FunctionSignature(
            String name,
            String export,
            List<String> paramTypes,
            List<ValueKind> paramKinds,
            String returnType,
            ValueKind returnKind,
            ErrorPolicy onError,
            boolean deterministic) {
        this(name, export, paramTypes, paramKinds, returnType, returnKind, onError, deterministic, null);
    }

    /** True when an argument or the result passes through linear memory. */
    public boolean usesMemory() {
        return returnKind.inMemory() || paramKinds.stream().anyMatch(ValueKind::inMemory);
    }

    /** Written as in SQL, such as {@code fib(INT) -> INT}. */
    @Override
    public String toString() {
        return name + "(" + String.join(", ", paramTypes) + ") -> " + returnType;
    }
}
