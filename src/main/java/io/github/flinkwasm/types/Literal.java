package io.github.flinkwasm.types;

import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.annotation.Internal;

/**
 * An untyped SQL literal as written on the command line ({@code 42}, {@code 'text'}, {@code DATE
 * '2024-01-01'}, {@code ROW(1, 'a')}...); each {@link ValueCodec} turns the ones that fit its type
 * into a value.
 */
@Internal
public sealed interface Literal {

    /** How the literal is named in messages. */
    String describe();

    /** {@code NULL} */
    record Null() implements Literal {
        @Override
        public String describe() {
            return "NULL";
        }
    }

    /** {@code TRUE} or {@code FALSE} */
    record Bool(boolean value) implements Literal {
        @Override
        public String describe() {
            return value ? "TRUE" : "FALSE";
        }
    }

    /** A number as written, such as {@code -7}, {@code 3.5} or {@code 1e3}. */
    record Num(String text) implements Literal {
        public BigDecimal value() {
            return new BigDecimal(text);
        }

        @Override
        public String describe() {
            return "the number " + text;
        }
    }

    /**
     * A quoted string, quotes removed; or ({@code bare}) a command-line argument that is not a
     * SQL literal and so is read as its text.
     */
    record Str(String value, boolean bare) implements Literal {
        public Str(String value) {
            this(value, false);
        }

        @Override
        public String describe() {
            String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
            return bare ? "the text " + shown : "the string " + quote(shown);
        }
    }

    /** {@code X'0a0b'} */
    record Bin(byte[] value) implements Literal {
        @Override
        public String describe() {
            return "a binary literal X'...'";
        }
    }

    /** {@code DATE '...'} and the other keyword-prefixed literals; the keyword in upper case. */
    record Typed(String keyword, String value) implements Literal {
        @Override
        public String describe() {
            return keyword + " " + quote(value);
        }
    }

    /** {@code ROW(...)}, {@code ARRAY[...]}, {@code MAP[...]}, {@code MULTISET[...]}. */
    record Constructor(String keyword, List<Literal> items) implements Literal {
        @Override
        public String describe() {
            return "a " + keyword + " constructor";
        }
    }

    /** Quotes a string as a SQL string literal, doubling quotes. */
    static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** An example value for a keyword literal, for hints such as {@code DATE '2024-01-01'}. */
    static String example(String keyword) {
        return switch (keyword) {
            case "DATE" -> "2024-01-01";
            case "TIME" -> "10:00:00";
            case "TIMESTAMP", "TIMESTAMP_LTZ" -> "2024-01-01 10:00:00";
            default -> "1.5";
        };
    }
}
