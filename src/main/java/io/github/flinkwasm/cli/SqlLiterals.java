package io.github.flinkwasm.cli;

import io.github.flinkwasm.types.Literal;
import io.github.flinkwasm.types.Literals;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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

    /**
     * Reads one argument of {@code call} (a command-line argument, or one field of a row read by
     * {@link ArgumentRows}) as a value of this type. {@code NULL} is NULL and a quoted literal is
     * that literal. Otherwise, for a STRING or BYTES parameter, the text as written is the value
     * ({@code hello}, {@code It's}, {@code 42}); for any other type, a SQL literal ({@code 42},
     * {@code DATE '2024-01-01'}, {@code ROW(1, 'a')}), or else the text as a string ({@code
     * 2024-01-01} for a DATE, JSON for a ROW, ARRAY or MAP).
     *
     * @throws IllegalArgumentException saying what was expected and what was found
     */
    public static Object parseArgument(String text, LogicalType type) {
        String t = text.strip();
        if (t.equalsIgnoreCase("NULL")) {
            return Literals.value(new Literal.Null(), type, "");
        }
        boolean textual = false;
        switch (type.getTypeRoot()) {
            case CHAR:
            case VARCHAR:
                textual = true;
                if (!t.startsWith("'")) {
                    return text;
                }
                break;
            case BINARY:
            case VARBINARY:
                textual = true;
                if (!t.startsWith("'") && !t.startsWith("X'") && !t.startsWith("x'")) {
                    return text.getBytes(StandardCharsets.UTF_8);
                }
                break;
            default:
        }
        Literal literal;
        try {
            literal = new Reader(text).readAll();
        } catch (IllegalArgumentException e) {
            if (!t.startsWith("'")) {
                return Literals.value(new Literal.Str(text, true), type, "");
            }
            throw new IllegalArgumentException(e.getMessage() + quoteHint(t, textual), e);
        }
        return Literals.value(literal, type, "");
    }

    /**
     * How to write a text that starts with a quote but is not a string literal: quotes doubled, and
     * how to type that in a shell.
     */
    private static String quoteHint(String t, boolean textual) {
        String inner = t.length() >= 2 && t.endsWith("'") ? t.substring(1, t.length() - 1) : t.substring(1);
        String literal = quote(inner);
        String hint = "; a quote inside a string literal is written twice: " + literal + ", in a shell "
                + shellQuote(literal);
        if (textual) {
            hint += ", or without the outer quotes the text is taken as it is: " + shellQuote(inner);
        }
        return hint;
    }

    /** A word as a POSIX shell reads it back unchanged: in double quotes when that is safe. */
    static String shellQuote(String s) {
        if (s.matches("[^\"$`\\!]*")) {
            return "\"" + s + "\"";
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * Splits one line of comma-separated fields: a field is a SQL literal (commas inside its
     * quotes, parentheses or brackets do not split it), a CSV field in double quotes ({@code ""}
     * for a double quote), or any other text up to the next comma. Fields are trimmed; CSV quotes
     * are removed.
     *
     * @throws IllegalArgumentException when a double-quoted field is not closed
     */
    static List<String> splitFields(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i < n && line.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                int j = i + 1;
                while (true) {
                    if (j >= n) {
                        throw new IllegalArgumentException("a field opened with \" at column " + (i + 1)
                                + " is not closed (a double quote inside it is written twice: \"\")");
                    }
                    char c = line.charAt(j++);
                    if (c == '"') {
                        if (j < n && line.charAt(j) == '"') {
                            sb.append('"');
                            j++;
                        } else {
                            break;
                        }
                    } else {
                        sb.append(c);
                    }
                }
                while (j < n && Character.isWhitespace(line.charAt(j))) {
                    j++;
                }
                if (j < n && line.charAt(j) != ',') {
                    throw new IllegalArgumentException(
                            "unexpected text after the quoted field at column " + (j + 1) + ": " + line.substring(j));
                }
                out.add(sb.toString());
                i = j;
            } else {
                int end = new Reader(line).literalEnd(i);
                int j = end;
                while (j >= 0 && j < n && Character.isWhitespace(line.charAt(j))) {
                    j++;
                }
                if (end < 0 || (j < n && line.charAt(j) != ',')) {
                    j = line.indexOf(',', i); // not a literal: the text up to the next comma
                    j = j < 0 ? n : j;
                }
                out.add(line.substring(i, j).strip());
                i = j;
            }
            if (i >= n) {
                return out;
            }
            i++; // the comma
        }
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

        /** The end of the literal that starts at {@code from}, or -1 when none starts there. */
        int literalEnd(int from) {
            i = from;
            try {
                read();
                return i;
            } catch (IllegalArgumentException e) {
                return -1;
            }
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
                int wordStart = i;
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
                        String written = s.substring(wordStart, i);
                        throw new IllegalArgumentException("'" + written
                                + "' is not a SQL literal (a string needs quotes: " + quote(written) + ")");
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
                    throw new IllegalArgumentException("unterminated string literal: " + s);
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
