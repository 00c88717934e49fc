package io.github.flinkwasm.types;

import io.github.flinkwasm.Records;
import io.github.flinkwasm.engine.WasmType;
import java.io.Serializable;
import java.math.BigDecimal;
import org.apache.flink.annotation.Internal;

/**
 * The number result that stands for SQL NULL, from a function's {@code null_result} (the opt-in for
 * number results; a packed result of -1 is NULL for memory kinds without it). Immutable.
 *
 * @param type the WebAssembly type of the result
 * @param bits the raw bits of the reserved value ({@code f32}/{@code f64} by their IEEE bits)
 * @param nan true when any NaN is NULL ({@code "null_result": "NaN"})
 */
@Internal
public record NullResult(WasmType type, long bits, boolean nan) implements Serializable {

    /** The manifest value read for a result of this kind. */
    public static NullResult of(String text, ValueKind kind) {
        if (kind.inMemory()) {
            throw new IllegalArgumentException("null_result is for number results; a " + kind
                    + " result is NULL when the guest returns -1 (every bit set)");
        }
        WasmType type = kind.resultType();
        if (text.equals("NaN")) {
            return switch (type) {
                case F32, F64 -> new NullResult(type, 0, true);
                case I32, I64 ->
                    throw new IllegalArgumentException(
                            "\"NaN\" is for FLOAT and DOUBLE results; for " + kind + " give an integer such as -1");
            };
        }
        BigDecimal v = new BigDecimal(text);
        return switch (type) {
            case I32 -> new NullResult(type, integral(v, Integer.MIN_VALUE, Integer.MAX_VALUE, kind), false);
            case I64 -> new NullResult(type, integral(v, Long.MIN_VALUE, Long.MAX_VALUE, kind), false);
            case F32 -> new NullResult(type, Float.floatToRawIntBits(v.floatValue()) & 0xFFFFFFFFL, false);
            case F64 -> new NullResult(type, Double.doubleToRawLongBits(v.doubleValue()), false);
        };
    }

    private static long integral(BigDecimal v, long min, long max, ValueKind kind) {
        try {
            long n = v.stripTrailingZeros().longValueExact();
            if (n >= min && n <= max) {
                return n;
            }
        } catch (ArithmeticException e) {
            // not integral, or beyond a long
        }
        throw new IllegalArgumentException("expected an integer from " + min + " to " + max + " (the guest returns "
                + kind + " as " + kind.resultType().wireName() + "), found " + v);
    }

    /** True when a raw result is the reserved value. */
    public boolean matches(long raw) {
        return switch (type) {
            case I32 -> (int) raw == (int) bits;
            case I64 -> raw == bits;
            case F32 -> nan ? Float.isNaN(Float.intBitsToFloat((int) raw)) : (int) raw == (int) bits;
            case F64 -> nan ? Double.isNaN(Double.longBitsToDouble(raw)) : raw == bits;
        };
    }

    /** The value as the manifest writes it, such as {@code -1} or {@code NaN}. */
    public String text() {
        if (nan) {
            return "NaN";
        }
        return switch (type) {
            case I32 -> Integer.toString((int) bits);
            case I64 -> Long.toString(bits);
            case F32 -> Float.toString(Float.intBitsToFloat((int) bits));
            case F64 -> Double.toString(Double.longBitsToDouble(bits));
        };
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
