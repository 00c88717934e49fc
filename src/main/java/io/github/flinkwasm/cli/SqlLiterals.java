package io.github.flinkwasm.cli;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.MultisetType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.types.Row;

/**
 * SQL literals as the command line's {@code call} reads and prints them, converted from and to the
 * Java classes Flink uses for each SQL type ({@code Integer}, {@code String}, {@code byte[]},
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
        Node node = new Reader(text).readAll();
        return convert(node, type, "");
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
            return convert(new NullNode(), type, "");
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
        Node node;
        try {
            node = new Reader(text).readAll();
        } catch (IllegalArgumentException e) {
            if (!t.startsWith("'")) {
                node = new StrNode(text, true);
                return convert(node, type, "");
            }
            throw new IllegalArgumentException(e.getMessage() + quoteHint(t, textual), e);
        }
        return convert(node, type, "");
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
        StringBuilder sb = new StringBuilder();
        write(sb, value, type);
        return sb.toString();
    }

    /** Quotes a string as a SQL string literal, doubling quotes. */
    public static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    // ---------------------------------------------------------------- syntax

    /** An untyped literal as written. */
    private interface Node {
        /** How the literal is named in messages. */
        String describe();
    }

    private record NullNode() implements Node {
        public String describe() {
            return "NULL";
        }
    }

    private record BoolNode(boolean value) implements Node {
        public String describe() {
            return value ? "TRUE" : "FALSE";
        }
    }

    private record NumNode(String text) implements Node {
        BigDecimal value() {
            return new BigDecimal(text);
        }

        public String describe() {
            return "the number " + text;
        }
    }

    /**
     * A string literal, or ({@code bare}) a command-line argument that is not a SQL literal and
     * so is read as its text.
     */
    private record StrNode(String value, boolean bare) implements Node {
        StrNode(String value) {
            this(value, false);
        }

        public String describe() {
            String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
            return bare ? "the text " + shown : "the string " + quote(shown);
        }
    }

    private record BinNode(byte[] value) implements Node {
        public String describe() {
            return "a binary literal X'...'";
        }
    }

    /** {@code DATE '...'} and the other keyword-prefixed literals. */
    private record TypedNode(String keyword, String value) implements Node {
        public String describe() {
            return keyword + " " + quote(value);
        }
    }

    /** {@code ROW(...)}, {@code ARRAY[...]}, {@code MAP[...]}, {@code MULTISET[...]}. */
    private record ListNode(String keyword, List<Node> items) implements Node {
        public String describe() {
            return "a " + keyword + " constructor";
        }
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

        Node readAll() {
            Node n = read();
            skipSpace();
            if (i < s.length()) {
                throw new IllegalArgumentException(
                        "unexpected text after the literal at position " + (i + 1) + ": '" + s.substring(i) + "'");
            }
            return n;
        }

        private Node read() {
            skipSpace();
            if (i >= s.length()) {
                throw new IllegalArgumentException(
                        s.isBlank()
                                ? "expected a SQL literal, found nothing"
                                : "the literal ends too early: '" + s + "'");
            }
            char c = s.charAt(i);
            if (c == '\'') {
                return new StrNode(string());
            }
            if ((c == 'X' || c == 'x') && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                i++;
                String hex = string().replaceAll("\\s", "");
                try {
                    return new BinNode(HexFormat.of().parseHex(hex));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("X'" + hex + "' is not an even number of hexadecimal digits");
                }
            }
            if (c == '-' || c == '+' || c == '.' || Character.isDigit(c)) {
                return number();
            }
            if (c == '(') {
                return new ListNode("ROW", items('(', ')'));
            }
            if (Character.isLetter(c)) {
                int wordStart = i;
                String word = word();
                switch (word) {
                    case "NULL":
                        return new NullNode();
                    case "TRUE":
                        return new BoolNode(true);
                    case "FALSE":
                        return new BoolNode(false);
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
                                    + word + " '" + example(word) + "'");
                        }
                        return new TypedNode(
                                word.startsWith("DEC") || word.equals("NUMERIC") ? "DECIMAL" : word, string());
                    case "ROW":
                        skipSpace();
                        return new ListNode("ROW", items('(', ')'));
                    case "ARRAY":
                    case "MAP":
                    case "MULTISET":
                        skipSpace();
                        return new ListNode(word, items('[', ']'));
                    default:
                        String written = s.substring(wordStart, i);
                        throw new IllegalArgumentException("'" + written
                                + "' is not a SQL literal (a string needs quotes: " + quote(written) + ")");
                }
            }
            throw new IllegalArgumentException("'" + s + "' is not a SQL literal");
        }

        private List<Node> items(char open, char close) {
            if (i >= s.length() || s.charAt(i) != open) {
                throw new IllegalArgumentException("expected '" + open + "' at position " + (i + 1) + " of " + s);
            }
            i++;
            List<Node> out = new ArrayList<>();
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

        private Node number() {
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
            return new NumNode(text.startsWith("+") ? text.substring(1) : text);
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

    private static String example(String keyword) {
        switch (keyword) {
            case "DATE":
                return "2024-01-01";
            case "TIME":
                return "10:00:00";
            case "TIMESTAMP":
            case "TIMESTAMP_LTZ":
                return "2024-01-01 10:00:00";
            default:
                return "1.5";
        }
    }

    // ---------------------------------------------------------------- conversion

    private static Object convert(Node n, LogicalType t, String at) {
        if (n instanceof NullNode) {
            if (!t.isNullable()) {
                throw mismatch(at, t, n, "the type is NOT NULL");
            }
            return null;
        }
        switch (t.getTypeRoot()) {
            case TINYINT:
                return (byte) integral(n, t, at, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case SMALLINT:
                return (short) integral(n, t, at, Short.MIN_VALUE, Short.MAX_VALUE);
            case INTEGER:
                return (int) integral(n, t, at, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case BIGINT:
                return integral(n, t, at, Long.MIN_VALUE, Long.MAX_VALUE);
            case FLOAT:
                return (float) number(n, t, at).doubleValue();
            case DOUBLE:
                return number(n, t, at).doubleValue();
            case DECIMAL:
                return decimal(n, (DecimalType) t, at);
            case BOOLEAN:
                if (n instanceof BoolNode) {
                    return ((BoolNode) n).value();
                }
                throw mismatch(at, t, n, "write TRUE or FALSE");
            case CHAR:
            case VARCHAR:
                if (n instanceof StrNode) {
                    return ((StrNode) n).value();
                }
                throw mismatch(at, t, n, "write a quoted string such as 'text'");
            case BINARY:
            case VARBINARY:
                if (n instanceof BinNode) {
                    return ((BinNode) n).value();
                }
                if (n instanceof StrNode) {
                    return ((StrNode) n).value().getBytes(StandardCharsets.UTF_8);
                }
                throw mismatch(at, t, n, "write hexadecimal bytes such as X'0a0b' or a string");
            case DATE:
                return temporal(n, t, at, "DATE", v -> LocalDate.parse(v));
            case TIME_WITHOUT_TIME_ZONE:
                return temporal(n, t, at, "TIME", v -> LocalTime.parse(v));
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return temporal(n, t, at, "TIMESTAMP", SqlLiterals::timestamp);
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return temporal(n, t, at, "TIMESTAMP_LTZ", SqlLiterals::instant);
            case ROW:
                return row(n, (RowType) t, at);
            case ARRAY:
                return array(n, (ArrayType) t, at);
            case MAP:
                return map(n, ((MapType) t).getKeyType(), ((MapType) t).getValueType(), t, at);
            case MULTISET:
                return multiset(n, (MultisetType) t, at);
            default:
                throw new IllegalArgumentException(where(at) + "the command line cannot read values of type " + t);
        }
    }

    private static long integral(Node n, LogicalType t, String at, long min, long max) {
        BigDecimal v = number(n, t, at);
        try {
            long l = v.stripTrailingZeros().longValueExact();
            if (l >= min && l <= max) {
                return l;
            }
        } catch (ArithmeticException e) {
            // not integral, or beyond a long
        }
        throw mismatch(at, t, n, "expected an integer from " + min + " to " + max);
    }

    private static BigDecimal number(Node n, LogicalType t, String at) {
        if (n instanceof NumNode) {
            return ((NumNode) n).value();
        }
        throw mismatch(at, t, n, "write a number such as 42, -7, 3.5 or 1e3");
    }

    private static BigDecimal decimal(Node n, DecimalType t, String at) {
        BigDecimal v;
        if (n instanceof NumNode) {
            v = ((NumNode) n).value();
        } else if ((n instanceof TypedNode && ((TypedNode) n).keyword().equals("DECIMAL")) || n instanceof StrNode) {
            String text = n instanceof TypedNode ? ((TypedNode) n).value() : ((StrNode) n).value();
            try {
                v = new BigDecimal(text.trim());
            } catch (NumberFormatException e) {
                throw mismatch(at, t, n, "'" + text + "' is not a decimal number");
            }
        } else {
            throw mismatch(at, t, n, "write a number such as 1.5 or DECIMAL '1.5'");
        }
        BigDecimal scaled = v.setScale(t.getScale(), RoundingMode.HALF_UP);
        if (scaled.precision() > t.getPrecision()) {
            throw mismatch(at, t, n, "it needs more than " + t.getPrecision() + " digits");
        }
        return scaled;
    }

    private interface TextParser {
        Object parse(String text);
    }

    private static Object temporal(Node n, LogicalType t, String at, String keyword, TextParser parser) {
        String text;
        if (n instanceof StrNode) {
            text = ((StrNode) n).value();
        } else if (n instanceof TypedNode
                && (((TypedNode) n).keyword().equals(keyword)
                        || (keyword.equals("TIMESTAMP_LTZ")
                                && ((TypedNode) n).keyword().equals("TIMESTAMP")))) {
            text = ((TypedNode) n).value();
        } else {
            throw mismatch(at, t, n, "write " + keyword + " '" + example(keyword) + "'");
        }
        try {
            return parser.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw mismatch(
                    at,
                    t,
                    n,
                    "'" + text + "' is not a valid " + keyword.toLowerCase(Locale.ROOT) + ", expected the form '"
                            + example(keyword) + "'");
        }
    }

    private static LocalDateTime timestamp(String text) {
        return LocalDateTime.parse(text.replace(' ', 'T'));
    }

    private static Instant instant(String text) {
        String iso = text.replace(' ', 'T');
        if (iso.endsWith("Z") || iso.matches(".*[+-]\\d\\d:\\d\\d$")) {
            return OffsetDateTime.parse(iso).toInstant();
        }
        return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
    }

    private static Row row(Node n, RowType t, String at) {
        if (n instanceof StrNode) {
            return (Row) JsonValues.decode(((StrNode) n).value(), t, at);
        }
        List<RowType.RowField> fields = t.getFields();
        List<Node> items = items(n, "ROW", t, at, "write ROW(v1, v2, ...) or a JSON object in a string");
        if (items.size() != fields.size()) {
            throw mismatch(at, t, n, "it has " + items.size() + " fields, the type has " + fields.size());
        }
        Row row = new Row(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            row.setField(
                    i,
                    convert(
                            items.get(i),
                            fields.get(i).getType(),
                            at + "." + fields.get(i).getName()));
        }
        return row;
    }

    private static Object array(Node n, ArrayType t, String at) {
        if (n instanceof StrNode) {
            return JsonValues.decode(((StrNode) n).value(), t, at);
        }
        List<Node> items = items(n, "ARRAY", t, at, "write ARRAY[v1, v2, ...] or a JSON list in a string");
        LogicalType element = t.getElementType();
        Object out = Array.newInstance(conversionClass(element), items.size());
        for (int i = 0; i < items.size(); i++) {
            Array.set(out, i, convert(items.get(i), element, at + "[" + i + "]"));
        }
        return out;
    }

    private static Map<Object, Object> map(Node n, LogicalType key, LogicalType value, LogicalType t, String at) {
        if (n instanceof StrNode) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> m = (Map<Object, Object>) JsonValues.decode(((StrNode) n).value(), t, at);
            return m;
        }
        List<Node> items = items(n, "MAP", t, at, "write MAP[key1, value1, ...] or a JSON object in a string");
        if (items.size() % 2 != 0) {
            throw mismatch(at, t, n, "a MAP constructor needs an even number of items: key, value, ...");
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i += 2) {
            Object k = convert(items.get(i), key, at + "[key " + (i / 2) + "]");
            out.put(k, convert(items.get(i + 1), value, at + "[" + k + "]"));
        }
        return out;
    }

    private static Map<Object, Integer> multiset(Node n, MultisetType t, String at) {
        if (n instanceof StrNode) {
            @SuppressWarnings("unchecked")
            Map<Object, Integer> m = (Map<Object, Integer>) JsonValues.decode(((StrNode) n).value(), t, at);
            return m;
        }
        List<Node> items = items(n, "MULTISET", t, at, "write MULTISET[v1, v2, ...] or a JSON object in a string");
        Map<Object, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            out.merge(convert(items.get(i), t.getElementType(), at + "[" + i + "]"), 1, Integer::sum);
        }
        return out;
    }

    private static List<Node> items(Node n, String keyword, LogicalType t, String at, String hint) {
        if (n instanceof ListNode && ((ListNode) n).keyword().equals(keyword)) {
            return ((ListNode) n).items();
        }
        throw mismatch(at, t, n, hint);
    }

    static Class<?> conversionClass(LogicalType t) {
        return TypeConversions.fromLogicalToDataType(t).getConversionClass();
    }

    private static IllegalArgumentException mismatch(String at, LogicalType t, Node n, String hint) {
        return new IllegalArgumentException(where(at) + "expected " + t.asSummaryString() + ", found " + n.describe()
                + (hint == null ? "" : ": " + hint));
    }

    private static String where(String at) {
        return at.isEmpty() ? "" : at.substring(at.startsWith(".") ? 1 : 0) + ": ";
    }

    // ---------------------------------------------------------------- printing

    private static void write(StringBuilder sb, Object v, LogicalType t) {
        if (v == null) {
            sb.append("NULL");
            return;
        }
        switch (t.getTypeRoot()) {
            case FLOAT:
            case DOUBLE:
                double d = ((Number) v).doubleValue();
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
                    sb.append(v instanceof Float ? Float.toString((Float) v) : Double.toString(d));
                }
                break;
            case DECIMAL:
                sb.append(((BigDecimal) v).toPlainString());
                break;
            case BOOLEAN:
                sb.append(((Boolean) v) ? "TRUE" : "FALSE");
                break;
            case CHAR:
            case VARCHAR:
                sb.append(quote(v.toString()));
                break;
            case BINARY:
            case VARBINARY:
                sb.append("X'").append(HexFormat.of().formatHex((byte[]) v)).append('\'');
                break;
            case DATE:
                sb.append("DATE '")
                        .append(v instanceof Integer ? LocalDate.ofEpochDay((Integer) v) : v)
                        .append('\'');
                break;
            case TIME_WITHOUT_TIME_ZONE:
                sb.append("TIME '").append(time((LocalTime) v)).append('\'');
                break;
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                LocalDateTime ts = (LocalDateTime) v;
                sb.append("TIMESTAMP '")
                        .append(ts.toLocalDate())
                        .append(' ')
                        .append(time(ts.toLocalTime()))
                        .append('\'');
                break;
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                LocalDateTime utc = LocalDateTime.ofInstant((Instant) v, ZoneOffset.UTC);
                sb.append("TIMESTAMP_LTZ '")
                        .append(utc.toLocalDate())
                        .append(' ')
                        .append(time(utc.toLocalTime()))
                        .append('\'');
                break;
            case ROW:
                List<RowType.RowField> fields = ((RowType) t).getFields();
                Row r = (Row) v;
                sb.append("ROW(");
                for (int i = 0; i < fields.size(); i++) {
                    sb.append(i == 0 ? "" : ", ");
                    write(sb, r.getField(i), fields.get(i).getType());
                }
                sb.append(')');
                break;
            case ARRAY:
                LogicalType element = ((ArrayType) t).getElementType();
                sb.append("ARRAY[");
                for (int i = 0, n = Array.getLength(v); i < n; i++) {
                    sb.append(i == 0 ? "" : ", ");
                    write(sb, Array.get(v, i), element);
                }
                sb.append(']');
                break;
            case MAP:
                sb.append("MAP[");
                boolean first = true;
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    sb.append(first ? "" : ", ");
                    first = false;
                    write(sb, e.getKey(), ((MapType) t).getKeyType());
                    sb.append(", ");
                    write(sb, e.getValue(), ((MapType) t).getValueType());
                }
                sb.append(']');
                break;
            case MULTISET:
                sb.append("MULTISET[");
                boolean firstItem = true;
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    int count = e.getValue() == null ? 0 : ((Number) e.getValue()).intValue();
                    for (int i = 0; i < count; i++) {
                        sb.append(firstItem ? "" : ", ");
                        firstItem = false;
                        write(sb, e.getKey(), ((MultisetType) t).getElementType());
                    }
                }
                sb.append(']');
                break;
            default:
                sb.append(v); // TINYINT, SMALLINT, INT, BIGINT
        }
    }

    /** {@code HH:mm:ss} with as many fraction digits as the value has. */
    private static String time(LocalTime t) {
        String s = String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
        if (t.getNano() != 0) {
            String fraction = String.format("%09d", t.getNano()).replaceAll("0+$", "");
            s += "." + fraction;
        }
        return s;
    }
}
