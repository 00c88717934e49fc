package io.github.flinkwasm.types;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.LogicalType;

/** SQL literals as values of a type and back, through each type's {@link ValueCodec}. */
@Internal
public final class Literals {
    private Literals() {
        // no instances
    }

    /**
     * The value of this type a literal stands for, in Java's own classes.
     *
     * @param at where the literal is within an enclosing one, for messages; empty at the top
     * @throws IllegalArgumentException saying what was expected and what was found
     */
    public static Object value(Literal literal, LogicalType type, String at) {
        if (literal instanceof Literal.Null) {
            if (!type.isNullable()) {
                throw ValueCodec.mismatch(at, type, literal, "the type is NOT NULL");
            }
            return null;
        }
        ValueKind kind = ValueKind.of(type);
        if (kind == null) {
            throw new IllegalArgumentException(
                    ValueCodec.where(at) + "the command line cannot read values of type " + type);
        }
        return kind.codec().fromLiteral(literal, type, at);
    }

    /** A value of this type as a literal that {@link #value} reads back. */
    public static String format(Object value, LogicalType type) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, type);
        return sb.toString();
    }

    static void write(StringBuilder sb, Object value, LogicalType type) {
        if (value == null) {
            sb.append("NULL");
        } else {
            ValueKind.rootKind(type).codec().writeLiteral(sb, type, value);
        }
    }

    /** Quotes a string as a SQL string literal, doubling quotes. */
    public static String quote(String s) {
        return Literal.quote(s);
    }

    /** An example of a keyword literal's value, such as {@code 2024-01-01} for DATE. */
    public static String example(String keyword) {
        return Literal.example(keyword);
    }
}
