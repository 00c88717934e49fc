package io.github.flinkwasm.types;

import org.apache.flink.annotation.Internal;

/**
 * The per-row conversions of number kinds, as static calls behind one switch each: the JIT inlines
 * them into the invoker whatever mix of signatures runs in the JVM (one virtual call per argument
 * would turn megamorphic there). The common kinds are tested before the switch, in a few bytes:
 * these methods are inlined at every call of a function in Flink's generated code, and the JIT
 * stops inlining into one compiled method after 8,000 bytes of bytecode, a switch's 166 bytes per
 * argument included.
 */
@Internal
public final class Numbers {
    private Numbers() {
        // no instances
    }

    /** The WebAssembly bits of a non-null value of a number kind. */
    public static long bits(ValueKind kind, Object v) {
        if (kind == ValueKind.INT) {
            return IntCodec.toBits(v);
        }
        return kind == ValueKind.BIGINT ? BigIntCodec.toBits(v) : anyBits(kind, v);
    }

    private static long anyBits(ValueKind kind, Object v) {
        return switch (kind) {
            case INT -> IntCodec.toBits(v);
            case BIGINT -> BigIntCodec.toBits(v);
            case SMALLINT -> SmallIntCodec.toBits(v);
            case TINYINT -> TinyIntCodec.toBits(v);
            case BOOLEAN -> BooleanCodec.toBits(v);
            case FLOAT -> FloatCodec.toBits(v);
            case DOUBLE -> DoubleCodec.toBits(v);
            case DATE -> DateCodec.toBits(v);
            case STRING, BYTES, DECIMAL, TIME, TIMESTAMP, TIMESTAMP_LTZ, ROW, ARRAY, MAP, MULTISET ->
                throw inMemory(kind);
        };
    }

    /** The value of a number kind's raw bits. */
    public static Object value(ValueKind kind, long raw, Representation representation) {
        if (kind == ValueKind.INT) {
            return IntCodec.ofBits(raw);
        }
        return kind == ValueKind.BIGINT ? BigIntCodec.ofBits(raw) : anyValue(kind, raw, representation);
    }

    private static Object anyValue(ValueKind kind, long raw, Representation representation) {
        return switch (kind) {
            case INT -> IntCodec.ofBits(raw);
            case BIGINT -> BigIntCodec.ofBits(raw);
            case SMALLINT -> SmallIntCodec.ofBits(raw);
            case TINYINT -> TinyIntCodec.ofBits(raw);
            case BOOLEAN -> BooleanCodec.ofBits(raw);
            case FLOAT -> FloatCodec.ofBits(raw);
            case DOUBLE -> DoubleCodec.ofBits(raw);
            case DATE -> DateCodec.ofBits(raw, representation);
            case STRING, BYTES, DECIMAL, TIME, TIMESTAMP, TIMESTAMP_LTZ, ROW, ARRAY, MAP, MULTISET ->
                throw inMemory(kind);
        };
    }

    private static IllegalStateException inMemory(ValueKind kind) {
        return new IllegalStateException(kind + " is passed in linear memory");
    }
}
