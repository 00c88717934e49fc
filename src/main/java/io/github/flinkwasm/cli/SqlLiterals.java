package io.github.flinkwasm.cli;

import io.github.flinkwasm.types.Literal;
import io.github.flinkwasm.types.Literals;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * SQL literals as the command line's {@code call} reads and prints them: the syntax is read here,
 * each type's part is in its codec ({@code types.ValueCodec}, through {@link Literals}); values are
 * the Java classes Flink uses for each SQL type ({@code Integer}, {@code String}, {@code byte[]},
 * {@code LocalDate}, {@code BigDecimal}, {@link Row}, arrays, {@code Map}...).
 *
 * <p>Read: {@code 42}, {@code -7}, {@code 3.5}, {@code 1e3}, {@code 'text'} ({@code ''} for a
 * quote), {@code NULL}, {@code TRUE}/{@code FALSE}, {@code X'0a0b'}, {@code DATE '2024-01-01'},
 * {@code TIME '10:00:00'}, {@code TIMESTAMP '2024-01-01 10:00:00'}, {@code TIMESTAMP_LTZ '...'}
 * (UTC), {@code DECIMAL '1.5'}, {@code ROW(1, 'a')} (or {@code (1, 'a')}), {@code ARRAY[1, 2]},
 * {@code MAP['k', 1]}, {@code MULTISET['a', 'a']}. For ROW, ARRAY, MAP and MULTISET parameters a
 * string literal holding JSON in the plugin encoding works too; for DATE, TIME, TIMESTAMP and
 * DECIMAL a plain string literal with the value. A number fits an integer type only when it is
 * integral and in range.
 *
 * <p>Printed: the same syntax, so a printed value can be passed back as an argument: ROW, ARRAY,
 * MAP and MULTISET values print as constructors ({@code ROW('Firefox', 'Linux')}, {@code
 * ARRAY[1.0, 2.0]}), never as JSON. TIMESTAMP_LTZ values print in UTC. Non-finite FLOAT/DOUBLE
 * values print as {@code CAST('NaN' AS DOUBLE)}.
 */
@Internal
public final class SqlLiterals {

    private SqlLiterals() {
        // no instances
    }

    /**
     * Reads one literal as a value of this type.
     *
     * @throws IllegalArgumentException saying what was expected and what was found
     */
    public static Object parse(String text, LogicalType type) {
        return Literals.value(new Reader(text).readAll(), type, "");
    }

    /** Prints a value of this type as a SQL literal. */
    public static String format(Object value, LogicalType type) {
        return Literals.format(value, type);
    }

    /** Quotes a string as a SQL string literal, doubling quotes. */
    public static String quote(String s) {
        return Literals.quote(s);
    }

    /** Recursive-descent reader of one literal. */
    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s;
        }

        Literal readAll() {
            Literal n = read();
            skipSpace();
            if (i < s.length()) {
                throw new IllegalArgumentException(
                        "unexpected text after the literal at position " + (i + 1) + ": '" + s.substring(i) + "'");
            }
            return n;
        }

        private Literal read() {
            skipSpace();
            if (i >= s.length()) {
                throw new IllegalArgumentException(
                        s.isBlank()
                                ? "expected a SQL literal, found nothing"
                                : "the literal ends too early: '" + s + "'");
            }
            char c = s.charAt(i);
            if (c == '\'') {
                return new Literal.Str(string());
            }
            if ((c == 'X' || c == 'x') && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                i++;
                String hex = string().replaceAll("\\s", "");
                try {
                    return new Literal.Bin(HexFormat.of().parseHex(hex));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("X'" + hex + "' is not an even number of hexadecimal digits");
                }
            }
            if (c == '-' || c == '+' || c == '.' || Character.isDigit(c)) {
                return number();
            }
            if (c == '(') {
                return new Literal.Constructor("ROW", items('(', ')'));
            }
            if (Character.isLetter(c)) {
                String word = word();
                switch (word) {
                    case "NULL":
                        return new Literal.Null();
                    case "TRUE":
                        return new Literal.Bool(true);
                    case "FALSE":
                        return new Literal.Bool(false);
                    case "DATE":
                    case "TIME":
                    case "TIMESTAMP":
                    case "TIMESTAMP_LTZ":
                    case "DECIMAL":
                    case "DEC":
                    case "NUMERIC":
                        skipSpace();
                        if (i >= s.length() || s.charAt(i) != '\'') {
                            throw new IllegalArgumentException("expected a quoted value after " + word + ", such as "
                                    + word + " '" + Literals.example(word) + "'");
                        }
                        return new Literal.Typed(
                                word.startsWith("DEC") || word.equals("NUMERIC") ? "DECIMAL" : word, string());
                    case "ROW":
                        skipSpace();
                        return new Literal.Constructor("ROW", items('(', ')'));
                    case "ARRAY":
                    case "MAP":
                    case "MULTISET":
                        skipSpace();
                        return new Literal.Constructor(word, items('[', ']'));
                    default:
                        throw new IllegalArgumentException("'" + s + "' is not a SQL literal (a string needs "
                                + "quotes: '" + s.replace("'", "''") + "'; in a shell: \"'" + s + "'\")");
                }
            }
            throw new IllegalArgumentException("'" + s + "' is not a SQL literal");
        }

        private List<Literal> items(char open, char close) {
            if (i >= s.length() || s.charAt(i) != open) {
                throw new IllegalArgumentException("expected '" + open + "' at position " + (i + 1) + " of " + s);
            }
            i++;
            List<Literal> out = new ArrayList<>();
            skipSpace();
            if (i < s.length() && s.charAt(i) == close) {
                i++;
                return out;
            }
            while (true) {
                out.add(read());
                skipSpace();
                if (i < s.length() && s.charAt(i) == ',') {
                    i++;
                } else if (i < s.length() && s.charAt(i) == close) {
                    i++;
                    return out;
                } else {
                    throw new IllegalArgumentException(
                            "expected ',' or '" + close + "' at position " + (i + 1) + " of " + s);
                }
            }
        }

        private String string() {
            StringBuilder sb = new StringBuilder();
            i++; // opening quote
            while (true) {
                if (i >= s.length()) {
                    throw new IllegalArgumentException("unterminated string literal: " + s
                            + " (a quote inside a string is written twice: 'it''s')");
                }
                char c = s.charAt(i++);
                if (c == '\'') {
                    if (i < s.length() && s.charAt(i) == '\'') {
                        sb.append('\'');
                        i++;
                    } else {
                        return sb.toString();
                    }
                } else {
                    sb.append(c);
                }
            }
        }

        private Literal number() {
            int start = i;
            if (s.charAt(i) == '-' || s.charAt(i) == '+') {
                i++;
            }
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                i++;
                if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                    i++;
                }
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
            }
            String text = s.substring(start, i);
            try {
                new BigDecimal(text.startsWith("+") ? text.substring(1) : text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a number");
            }
            return new Literal.Num(text.startsWith("+") ? text.substring(1) : text);
        }

        private String word() {
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            return s.substring(start, i).toUpperCase(Locale.ROOT);
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
