package io.github.flinkwasm.types;

import io.github.flinkwasm.engine.WasmType;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * Every SQL type family a plugin function can take or return, and how it crosses the boundary
 * (SPEC section 3): as one WebAssembly number, as bytes in linear memory, or as JSON text in
 * linear memory. Everything else about a kind lives in its {@link ValueCodec}, chosen by the
 * exhaustive switch in {@link #codec()}: adding a kind means a constant here and its codec class;
 * the compiler then names every switch that must take it ({@link #codec()}, and for a number kind
 * the per-row {@link Numbers}).
 */
@Internal
public enum ValueKind {
    INT(WasmType.I32),
    BIGINT(WasmType.I64),
    SMALLINT(WasmType.I32),
    TINYINT(WasmType.I32),
    /** 0 or 1 */
    BOOLEAN(WasmType.I32),
    FLOAT(WasmType.F32),
    DOUBLE(WasmType.F64),
    /** days since 1970-01-01 */
    DATE(WasmType.I32),
    /** UTF-8 in linear memory: (ptr, len) in, packed i64 out */
    STRING(null),
    /** raw bytes, as STRING */
    BYTES(null),
    DECIMAL(null),
    TIME(null),
    TIMESTAMP(null),
    TIMESTAMP_LTZ(null),
    ROW(null),
    ARRAY(null),
    MAP(null),
    MULTISET(null);

    private final WasmType number;

    ValueKind(WasmType number) {
        this.number = number;
    }

    /** The codec of this kind. */
    public ValueCodec codec() {
        return switch (this) {
            case INT -> IntCodec.INSTANCE;
            case BIGINT -> BigIntCodec.INSTANCE;
            case SMALLINT -> SmallIntCodec.INSTANCE;
            case TINYINT -> TinyIntCodec.INSTANCE;
            case BOOLEAN -> BooleanCodec.INSTANCE;
            case FLOAT -> FloatCodec.INSTANCE;
            case DOUBLE -> DoubleCodec.INSTANCE;
            case DATE -> DateCodec.INSTANCE;
            case STRING -> StringCodec.INSTANCE;
            case BYTES -> BytesCodec.INSTANCE;
            case DECIMAL -> DecimalCodec.INSTANCE;
            case TIME -> TimeCodec.INSTANCE;
            case TIMESTAMP -> TimestampCodec.INSTANCE;
            case TIMESTAMP_LTZ -> TimestampLtzCodec.INSTANCE;
            case ROW -> RowCodec.INSTANCE;
            case ARRAY -> ArrayCodec.INSTANCE;
            case MAP -> MapCodec.INSTANCE;
            case MULTISET -> MultisetCodec.INSTANCE;
        };
    }

    /** True for kinds that pass through linear memory. */
    public boolean inMemory() {
        return number == null;
    }

    /** True for kinds that pass through linear memory as JSON text. */
    public boolean json() {
        return number == null && this != STRING && this != BYTES;
    }

    /** The WebAssembly parameters that carry one argument of this kind. */
    public List<WasmType> paramTypes() {
        return number == null ? List.of(WasmType.I32, WasmType.I32) : List.of(number);
    }

    /** The WebAssembly result that carries a result of this kind. */
    public WasmType resultType() {
        return number == null ? WasmType.I64 : number;
    }

    /**
     * The kind of a parsed SQL type, or null when the type (or a type nested in it) cannot cross the
     * boundary.
     */
    public static ValueKind of(LogicalType type) {
        ValueKind kind = rootKind(type);
        if (kind != null && kind.json()) {
            for (LogicalType child : type.getChildren()) {
                if (of(child) == null) {
                    return null;
                }
            }
        }
        return kind;
    }

    /** The kind of the type itself, its children unchecked. */
    static ValueKind rootKind(LogicalType type) {
        // Flink's enum has more roots than we support, so this switch needs its default
        switch (type.getTypeRoot()) {
            case INTEGER:
                return INT;
            case BIGINT:
                return BIGINT;
            case SMALLINT:
                return SMALLINT;
            case TINYINT:
                return TINYINT;
            case BOOLEAN:
                return BOOLEAN;
            case FLOAT:
                return FLOAT;
            case DOUBLE:
                return DOUBLE;
            case DATE:
                return DATE;
            case CHAR:
            case VARCHAR:
                return STRING;
            case BINARY:
            case VARBINARY:
                return BYTES;
            case DECIMAL:
                return DECIMAL;
            case TIME_WITHOUT_TIME_ZONE:
                return TIME;
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return TIMESTAMP;
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return TIMESTAMP_LTZ;
            case ROW:
                return ROW;
            case ARRAY:
                return ARRAY;
            case MAP:
                return MAP;
            case MULTISET:
                return MULTISET;
            default:
                return null;
        }
    }

    /** The kind a bare export's number type stands for in the short manifest form. */
    public static ValueKind ofExport(WasmType t) {
        return switch (t) {
            case I32 -> INT;
            case I64 -> BIGINT;
            case F32 -> FLOAT;
            case F64 -> DOUBLE;
        };
    }

    /** The SQL type a bare export type stands for in the short manifest form. */
    public static String sqlTypeOf(WasmType t) {
        return ofExport(t).name();
    }

    /** The supported SQL types, for messages, such as {@code INT, ..., and as JSON: DECIMAL, ...}. */
    public static String supportedTypes() {
        List<String> direct = new ArrayList<>();
        List<String> json = new ArrayList<>();
        for (ValueKind k : values()) {
            (k.json() ? json : direct).add(k.name());
        }
        return String.join(", ", direct) + ", and as JSON: " + String.join(", ", json);
    }
}
