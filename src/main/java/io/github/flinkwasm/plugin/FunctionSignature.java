package io.github.flinkwasm.plugin;

import io.github.flinkwasm.Records;
import io.github.flinkwasm.manifest.ErrorPolicy;
import io.github.flinkwasm.manifest.FunctionKind;
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
 * @param returnType SQL type of the result; of a table function, the type of one output row
 * @param returnKind how the export's result crosses; of a table function, that of the
 *     {@code ARRAY<returnType>} it returns
 * @param kind the Flink function kind
 * @param retract true when an aggregate's module exports {@code E_retract}
 * @param merge true when an aggregate's module exports {@code E_merge}
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
        NullResult nullResult,
        FunctionKind kind,
        boolean retract,
        boolean merge)
        implements Serializable {

    public FunctionSignature {
        paramTypes = List.copyOf(paramTypes);
        paramKinds = List.copyOf(paramKinds);
        kind = kind == null ? FunctionKind.SCALAR : kind;
    }

    /** A function of this kind, without {@code null_result}. */
    public FunctionSignature(
            String name,
            String export,
            List<String> paramTypes,
            List<ValueKind> paramKinds,
            String returnType,
            ValueKind returnKind,
            ErrorPolicy onError,
            boolean deterministic,
            FunctionKind kind,
            boolean retract,
            boolean merge) {
        this(
                name,
                export,
                paramTypes,
                paramKinds,
                returnType,
                returnKind,
                onError,
                deterministic,
                null,
                kind,
                retract,
                merge);
    }

    /** A scalar function. */
    public FunctionSignature(
            String name,
            String export,
            List<String> paramTypes,
            List<ValueKind> paramKinds,
            String returnType,
            ValueKind returnKind,
            ErrorPolicy onError,
            boolean deterministic,
            NullResult nullResult) {
        this(
                name,
                export,
                paramTypes,
                paramKinds,
                returnType,
                returnKind,
                onError,
                deterministic,
                nullResult,
                FunctionKind.SCALAR,
                false,
                false);
    }

    /** The name of an aggregate's export for this step, such as {@code E_create}. */
    public String exportOf(String step) {
        return export + "_" + step;
    }

    /** A scalar signature without {@code null_result}. */
    public FunctionSignature(
            String name,
            String export,
            List<String> paramTypes,
            List<ValueKind> paramKinds,
            String returnType,
            ValueKind returnKind,
            ErrorPolicy onError,
            boolean deterministic) {
        this(name, export, paramTypes, paramKinds, returnType, returnKind, onError, deterministic, (NullResult) null);
    }

    /** True when an argument or the result passes through linear memory. */
    public boolean usesMemory() {
        return returnKind.inMemory() || paramKinds.stream().anyMatch(ValueKind::inMemory);
    }

    /** The exports this function calls: {@code E}, or an aggregate's {@code E_create}, .... */
    public List<String> exports() {
        if (kind != FunctionKind.AGGREGATE) {
            return List.of(export);
        }
        List<String> out = new java.util.ArrayList<>(List.of(exportOf("create"), exportOf("accumulate")));
        if (retract) {
            out.add(exportOf("retract"));
        }
        if (merge) {
            out.add(exportOf("merge"));
        }
        out.add(exportOf("result"));
        return out;
    }

    /** Written as in SQL, such as {@code fib(INT) -> INT}; other kinds than scalar say theirs. */
    @Override
    public String toString() {
        String sql = name + "(" + String.join(", ", paramTypes) + ") -> " + returnType;
        switch (kind) {
            case TABLE:
                return sql + " [table: one row per element]";
            case AGGREGATE:
                return sql + " [aggregate" + (retract ? ", retract" : "") + (merge ? ", merge" : "") + "]";
            case PROCESS:
                return sql + " [process]";
            default:
                return sql;
        }
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
}
