package io.github.flinkwasm.types;

import io.github.flinkwasm.WasmCallException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.utils.TypeConversions;

/**
 * Everything the library does with values of one {@link ValueKind}, in one place: how an argument
 * is passed to the guest and a result read back (SPEC section 3), the JSON form (when the value is
 * nested in a JSON value, or is one), the SQL literal of the command line, the Flink data type of
 * a SQL function and the Java class of a DataStream. One stateless singleton per kind, from {@link
 * ValueKind#codec()}.
 *
 * <p>The per-row path of number kinds does not go through an instance: {@link Numbers} switches
 * over the kind to each codec's static methods, so the JIT inlines them whatever mix of signatures a
 * TaskManager runs.
 */
@Internal
public abstract class ValueCodec {
    private static final Map<LogicalType, Class<?>> CONVERSION_CLASSES = new ConcurrentHashMap<>();

    /** A packed result of -1 (every bit set): SQL NULL for every kind passed in memory. */
    public static final long NULL_PACKED = -1L;

    private final ValueKind kind;

    ValueCodec(ValueKind kind) {
        this.kind = kind;
    }

    public final ValueKind kind() {
        return kind;
    }

    // ------------------------------------------------------------------ the ABI

    /** The WebAssembly bits of a value of a number kind (either {@link Representation}). */
    public long bits(Object value) {
        throw new IllegalStateException(kind + " is passed in linear memory");
    }

    /** The value of a number kind's raw bits. */
    public Object fromBits(long raw, Representation representation) {
        throw new IllegalStateException(kind + " is passed in linear memory");
    }

    /** The bytes the guest gets for a value of a memory kind (either {@link Representation}). */
    public byte[] toBytes(Object value, LogicalType type) {
        throw new IllegalStateException(kind + " is passed as a number");
    }

    /**
     * The value that the bytes of a memory kind stand for, such as a packed result's.
     *
     * @throws IllegalArgumentException saying why the bytes do not fit the type
     */
    public Object fromBytes(byte[] bytes, LogicalType type, Representation representation) {
        throw new IllegalStateException(kind + " is passed as a number");
    }

    /** A writer of arguments of this type for one function parameter. */
    public ArgumentWriter argumentWriter(LogicalType type) {
        if (!kind.inMemory()) {
            return (v, a, s, i, b) -> {
                a[s] = Numbers.bits(kind, v);
                return s + 1;
            };
        }
        return (v, a, s, i, b) -> {
            byte[] bytes = toBytes(v, type);
            return b.pass(bytes, 0, bytes.length, a, s, i);
        };
    }

    /**
     * A reader of results of this type for one function. A memory kind's packed result of {@link
     * #NULL_PACKED} reads as NULL.
     *
     * @param what names the function in messages, such as {@code plugin 'p' function 'f' (export
     *     'f')}
     */
    public ResultReader resultReader(LogicalType type, Representation representation, String what) {
        if (!kind.inMemory()) {
            return (raw, i) -> Numbers.value(kind, raw, representation);
        }
        return (raw, i) -> {
            if (raw == NULL_PACKED) {
                return null;
            }
            byte[] bytes = i.takePacked(raw, what);
            try {
                return fromBytes(bytes, type, representation);
            } catch (IllegalArgumentException e) {
                throw new WasmCallException(what + " returned " + e.getMessage(), e);
            }
        };
    }

    // ------------------------------------------------------------------ JSON

    /** Writes a non-null value. */
    abstract void writeJson(JsonWriter out, LogicalType type, Object value);

    /** Reads a value that is not {@code null}. */
    abstract Object readJson(JsonReader in, LogicalType type, String at);

    // ------------------------------------------------------------------ SQL literals

    /** The value of a literal that is not {@code NULL}. */
    abstract Object fromLiteral(Literal literal, LogicalType type, String at);

    /** Writes a non-null value as a literal that {@link #fromLiteral} reads back. */
    abstract void writeLiteral(StringBuilder out, LogicalType type, Object value);

    // ------------------------------------------------------------------ Flink

    /** The data type of a SQL function's argument or result, bridged to its {@link Representation#SQL_FUNCTION} class. */
    public DataType sqlDataType(DataType declared) {
        return declared;
    }

    /**
     * The DataStream type of a value in Java's own classes: Flink's core type information (no
     * {@code flink-table-runtime} class), so DataStream jobs need only {@code flink-table-common}.
     */
    public abstract TypeInformation<?> javaTypeInformation(LogicalType type);

    /** {@link #javaTypeInformation} of any type, by its kind's codec. */
    static TypeInformation<?> javaType(LogicalType type) {
        return ValueKind.of(type).codec().javaTypeInformation(type);
    }

    /** Flink's default Java class of a type (an array of primitives for NOT NULL elements). */
    static Class<?> conversionClass(LogicalType type) {
        return CONVERSION_CLASSES.computeIfAbsent(
                type, t -> TypeConversions.fromLogicalToDataType(t).getConversionClass());
    }

    // ------------------------------------------------------------------ helpers for literals

    static IllegalArgumentException mismatch(String at, LogicalType t, Literal l, String hint) {
        return new IllegalArgumentException(where(at) + "expected " + t.asSummaryString() + ", found " + l.describe()
                + (hint == null ? "" : ": " + hint));
    }

    static String where(String at) {
        return at.isEmpty() ? "" : at.substring(at.startsWith(".") ? 1 : 0) + ": ";
    }

    static long integral(Literal l, LogicalType t, String at, long min, long max) {
        BigDecimal v = number(l, t, at);
        try {
            long n = v.stripTrailingZeros().longValueExact();
            if (n >= min && n <= max) {
                return n;
            }
        } catch (ArithmeticException e) {
            // not integral, or beyond a long
        }
        throw mismatch(at, t, l, "expected an integer from " + min + " to " + max);
    }

    static BigDecimal number(Literal l, LogicalType t, String at) {
        if (l instanceof Literal.Num n) {
            return n.value();
        }
        throw mismatch(at, t, l, "write a number such as 42, -7, 3.5 or 1e3");
    }

    /** A floating-point number as a literal; non-finite values as {@code CAST('NaN' AS DOUBLE)}. */
    static void writeFloating(StringBuilder sb, LogicalType t, double d, String finite) {
        String name = t.getTypeRoot().name();
        if (Double.isNaN(d)) {
            sb.append("CAST('NaN' AS ").append(name).append(')');
        } else if (Double.isInfinite(d)) {
            sb.append("CAST('")
                    .append(d > 0 ? "Infinity" : "-Infinity")
                    .append("' AS ")
                    .append(name)
                    .append(')');
        } else {
            sb.append(finite);
        }
    }

    /** A floating-point number in JSON; non-finite values as the strings NaN, Infinity, -Infinity. */
    /** A DOUBLE in JSON: the shortest decimal, or NaN and the infinities as strings. */
    static void writeDoubleJson(JsonWriter out, double d) {
        if (Double.isFinite(d)) {
            out.number(d);
        } else {
            out.string(Double.toString(d));
        }
    }

    static void writeFloatingJson(JsonWriter out, double d, String finite) {
        if (Double.isFinite(d)) {
            out.numberText(finite);
        } else {
            out.string(Double.toString(d));
        }
    }

    /**
     * A DATE, TIME, TIMESTAMP or TIMESTAMP_LTZ literal: the keyword form or a plain string.
     *
     * @param keyword the literal's keyword; TIMESTAMP_LTZ also accepts TIMESTAMP
     */
    static Object temporal(
            Literal l, LogicalType t, String at, String keyword, java.util.function.Function<String, Object> parser) {
        String text;
        if (l instanceof Literal.Str s) {
            text = s.value();
        } else if (l instanceof Literal.Typed typed
                && (typed.keyword().equals(keyword)
                        || (keyword.equals("TIMESTAMP_LTZ") && typed.keyword().equals("TIMESTAMP")))) {
            text = typed.value();
        } else {
            throw mismatch(at, t, l, "write " + keyword + " '" + Literal.example(keyword) + "'");
        }
        try {
            return parser.apply(text.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw mismatch(
                    at,
                    t,
                    l,
                    "'" + text + "' is not a valid " + keyword.toLowerCase(java.util.Locale.ROOT)
                            + ", expected the form '" + Literal.example(keyword) + "'");
        }
    }

    /** A date or time string of JSON, parsed; a string that does not parse is a mismatch. */
    static Object temporalJson(
            JsonReader in, String at, String what, java.util.function.Function<String, Object> parser) {
        String text = in.readString(at, what);
        try {
            return parser.apply(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(at + ": expected " + what + ", found \"" + text + "\"");
        }
    }

    /** {@code HH:mm:ss} with as many fraction digits as the value has. */
    static String time(java.time.LocalTime t) {
        String s = String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
        if (t.getNano() != 0) {
            s += "." + String.format("%09d", t.getNano()).replaceAll("0+$", "");
        }
        return s;
    }
}
