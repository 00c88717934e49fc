package io.github.flinkwasm.plugin;

import io.github.flinkwasm.engine.WasmType;
import java.util.List;
import org.apache.flink.table.types.logical.LogicalType;

/** How a SQL type crosses the boundary (SPEC section 3). */
public enum ValueKind {
    INT(WasmType.I32),
    SMALLINT(WasmType.I32),
    TINYINT(WasmType.I32),
    BOOLEAN(WasmType.I32),
    /** days since 1970-01-01 */
    DATE(WasmType.I32),
    BIGINT(WasmType.I64),
    FLOAT(WasmType.F32),
    DOUBLE(WasmType.F64),
    /** UTF-8 in linear memory: (ptr, len) in, packed i64 out */
    STRING(null),
    /** raw bytes, as STRING */
    BYTES(null),
    /** any other type, as JSON text with the STRING convention */
    JSON(null);

    private final WasmType number;

    ValueKind(WasmType number) {
        this.number = number;
    }

    /** True for kinds that pass through linear memory. */
    public boolean inMemory() {
        return number == null;
    }

    /** The WebAssembly parameters that carry one argument of this kind. */
    public List<WasmType> paramTypes() {
        return number == null ? List.of(WasmType.I32, WasmType.I32) : List.of(number);
    }

    /** The WebAssembly result that carries a result of this kind. */
    public WasmType resultType() {
        return number == null ? WasmType.I64 : number;
    }

    /** The kind of a parsed SQL type, or null when the type cannot cross the boundary. */
    public static ValueKind of(LogicalType type) {
        switch (type.getTypeRoot()) {
            case INTEGER:
                return INT;
            case SMALLINT:
                return SMALLINT;
            case TINYINT:
                return TINYINT;
            case BOOLEAN:
                return BOOLEAN;
            case DATE:
                return DATE;
            case BIGINT:
                return BIGINT;
            case FLOAT:
                return FLOAT;
            case DOUBLE:
                return DOUBLE;
            case CHAR:
            case VARCHAR:
                return STRING;
            case BINARY:
            case VARBINARY:
                return BYTES;
            case DECIMAL:
            case TIME_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
            case ROW:
            case ARRAY:
            case MAP:
            case MULTISET:
                return JSON;
            default:
                return null;
        }
    }

    /** The SQL type a bare export type stands for in the short manifest form. */
    public static String sqlTypeOf(WasmType t) {
        switch (t) {
            case I32:
                return "INT";
            case I64:
                return "BIGINT";
            case F32:
                return "FLOAT";
            default:
                return "DOUBLE";
        }
    }
}
