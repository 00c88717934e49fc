package io.github.flinkwasm.types;

import java.nio.charset.StandardCharsets;
import org.apache.flink.annotation.Internal;

/**
 * Reads UTF-8 JSON from a byte array token by token, without building a tree. Messages name the
 * JSON path of the value and show what was found; malformed text is reported as "not valid JSON"
 * with the byte offset. Not thread-safe.
 */
@Internal
public final class JsonReader {
    private static final int SHOWN = 60;

    private byte[] b;
    private int end;
    private int i;

    public JsonReader(byte[] bytes) {
        reset(bytes);
    }

    /** Starts over on other bytes, so that one reader serves many values. */
    public void reset(byte[] bytes) {
        reset(bytes, bytes.length);
    }

    /** Starts over on the first {@code length} bytes of an array. */
    public void reset(byte[] bytes, int length) {
        this.b = bytes;
        this.end = length;
        this.i = 0;
    }

    /** True when only white space is left. */
    public boolean atEnd() {
        skipSpace();
        return i >= end;
    }

    /** Fails unless only white space is left. */
    public void expectEnd() {
        if (!atEnd()) {
            throw malformed("unexpected text after the value");
        }
    }

    /** Consumes {@code null} when it comes next. */
    public boolean tryNull() {
        skipSpace();
        if (i + 4 <= end && b[i] == 'n' && b[i + 1] == 'u' && b[i + 2] == 'l' && b[i + 3] == 'l') {
            i += 4;
            return true;
        }
        return false;
    }

    public boolean peekString() {
        skipSpace();
        return i < end && b[i] == '"';
    }

    public boolean peekNumber() {
        skipSpace();
        return i < end && (b[i] == '-' || (b[i] >= '0' && b[i] <= '9'));
    }

    public String readString(String at, String what) {
        if (!peekString()) {
            throw mismatch(at, what);
        }
        return string();
    }

    public boolean readBoolean(String at) {
        skipSpace();
        if (i + 4 <= end && b[i] == 't' && b[i + 1] == 'r' && b[i + 2] == 'u' && b[i + 3] == 'e') {
            i += 4;
            return true;
        }
        if (i + 5 <= end && b[i] == 'f' && b[i + 1] == 'a' && b[i + 2] == 'l' && b[i + 3] == 's' && b[i + 4] == 'e') {
            i += 5;
            return false;
        }
        throw mismatch(at, "true or false");
    }

    /** The text of a number token, checked against JSON's number syntax. */
    public String readNumber(String at, String what) {
        if (!peekNumber()) {
            throw mismatch(at, what);
        }
        return number();
    }

    /** An integer in {@code [min, max]}. */
    public long readIntegral(String at, long min, long max) {
        int start = skipSpaceAndMark();
        String text = readNumber(at, "an integer");
        long v;
        try {
            v = Long.parseLong(text);
        } catch (NumberFormatException e) {
            i = start;
            throw mismatch(at, "an integer");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(at + ": " + v + " is out of range [" + min + ", " + max + "]");
        }
        return v;
    }

    /**
     * An integer in {@code [min, max]}: {@link #readIntegral} without a String for the plain form
     * (up to 18 digits, no fraction or exponent); anything else goes the general way, so the
     * messages are the same.
     */
    public long readLong(String at, long min, long max) {
        skipSpace();
        int k = i;
        boolean negative = k < end && b[k] == '-';
        if (negative) {
            k++;
        }
        int first = k;
        long v = 0;
        while (k < end && k - first < 18) {
            int d = b[k] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            v = v * 10 + d;
            k++;
        }
        int n = k - first;
        boolean plain = n > 0
                && (n == 1 || b[first] != '0')
                && (k >= end || (b[k] != '.' && b[k] != 'e' && b[k] != 'E' && (b[k] < '0' || b[k] > '9')));
        if (!plain) {
            return readIntegral(at, min, max);
        }
        if (negative) {
            v = -v;
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(at + ": " + v + " is out of range [" + min + ", " + max + "]");
        }
        i = k;
        return v;
    }

    /**
     * {@link #readFloating} without a String when the number is exact in a double the fast way: up
     * to 15 significant digits (leading zeros do not count) and a power of ten up to 22 (then one
     * multiplication or division is correctly rounded); up to 19 digits and other powers through
     * {@link DecimalDoubles#read} when it can prove its rounding. Other numbers go the general way.
     */
    public double readDouble(String at) {
        skipSpace();
        int k = i;
        boolean negative = k < end && b[k] == '-';
        if (negative) {
            k++;
        }
        int first = k;
        long m = 0;
        int significant = 0; // digits from the first non-zero one on
        while (k < end && b[k] >= '0' && b[k] <= '9') {
            int d = b[k] - '0';
            m = m * 10 + d;
            if (m != 0) {
                significant++;
            }
            k++;
        }
        int intDigits = k - first;
        int exp = 0;
        if (k < end && b[k] == '.') {
            k++;
            int fracStart = k;
            while (k < end && b[k] >= '0' && b[k] <= '9') {
                m = m * 10 + (b[k] - '0');
                if (m != 0) {
                    significant++;
                }
                k++;
            }
            exp = -(k - fracStart);
            if (k == fracStart) {
                return readFloating(at); // "1." is not JSON: the general way says so
            }
        }
        if (k < end && (b[k] == 'e' || b[k] == 'E')) {
            k++;
            boolean expNegative = false;
            if (k < end && (b[k] == '+' || b[k] == '-')) {
                expNegative = b[k] == '-';
                k++;
            }
            int expStart = k;
            int e = 0;
            while (k < end && b[k] >= '0' && b[k] <= '9' && k - expStart < 4) {
                e = e * 10 + (b[k] - '0');
                k++;
            }
            if (k == expStart || (k < end && b[k] >= '0' && b[k] <= '9')) {
                return readFloating(at);
            }
            exp += expNegative ? -e : e;
        }
        if (intDigits == 0 || significant > 19 || (intDigits > 1 && b[first] == '0')) {
            return readFloating(at);
        }
        if (significant > 15 || exp < -22 || exp > 22) {
            // up to 19 digits fit m as an unsigned long; DecimalDoubles declines (NaN) near half-way
            double v = DecimalDoubles.read(m, exp, negative);
            if (Double.isNaN(v)) {
                return readFloating(at);
            }
            i = k;
            return v;
        }
        double v = exp < 0 ? m / POWERS[-exp] : m * POWERS[exp];
        i = k;
        return negative ? -v : v;
    }

    private static final double[] POWERS = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22
    };

    /**
     * A string as Flink's {@link org.apache.flink.table.data.StringData}. Without escapes it is a
     * view of the bytes being read, so the reader's array must not change afterwards (a result copied
     * out of linear memory does not); the bytes must have been checked to be UTF-8.
     */
    public org.apache.flink.table.data.StringData readStringData(String at, String what) {
        if (!peekString()) {
            throw mismatch(at, what);
        }
        int start = i + 1;
        int k = JsonWriter.plainPrefix(b, start, end);
        while (k < end) {
            byte c = b[k];
            if (c == '"') {
                i = k + 1;
                return org.apache.flink.table.data.binary.BinaryStringData.fromBytes(b, start, k - start);
            }
            if (c == '\\' || (c & 0xFF) < 0x20) {
                break; // escapes and errors: the general way
            }
            k++;
        }
        return org.apache.flink.table.data.StringData.fromString(string());
    }

    /**
     * A string's UTF-8 bytes, in a new array; the bytes must have been checked to be UTF-8. Escapes
     * are decoded; a lone surrogate escape becomes {@code ?}, as {@link String#getBytes} writes it.
     */
    public byte[] readStringBytes(String at, String what) {
        if (!peekString()) {
            throw mismatch(at, what);
        }
        int start = i + 1;
        for (int k = JsonWriter.plainPrefix(b, start, end); k < end; k++) {
            byte c = b[k];
            if (c == '"') {
                i = k + 1;
                return java.util.Arrays.copyOfRange(b, start, k);
            }
            if (c == '\\' || (c & 0xFF) < 0x20) {
                break; // escapes and errors: the general way
            }
        }
        return string().getBytes(StandardCharsets.UTF_8);
    }

    /** The number of bytes not read yet. */
    public int remaining() {
        return end - i;
    }

    /**
     * Reads the next member name of an object and finds it among {@code names} (UTF-8 bytes,
     * without quotes), trying {@code hint} first: its index, -1 for another name (skip its value),
     * -2 at the end of the object (consumed). Call {@link #beginObjectMembers} first.
     */
    public int nextMember(byte[][] names, int hint, boolean first) {
        skipSpace();
        if (i < end && b[i] == '}') {
            i++;
            return -2;
        }
        if (!first) {
            expect(',');
            skipSpace();
        }
        if (i >= end || b[i] != '"') {
            throw malformed("expected a member name in quotes");
        }
        int start = i + 1;
        int k = start;
        while (k < end && b[k] != '"' && b[k] != '\\') {
            k++;
        }
        int found;
        if (k < end && b[k] == '"') {
            found = find(names, hint, start, k - start);
            i = k + 1;
        } else {
            byte[] name = string().getBytes(StandardCharsets.UTF_8); // with escapes: decoded
            found = -1;
            for (int n = 0; n < names.length && found < 0; n++) {
                if (java.util.Arrays.equals(names[n], name)) {
                    found = n;
                }
            }
        }
        expect(':');
        return found;
    }

    private int find(byte[][] names, int hint, int start, int length) {
        if (hint >= 0 && hint < names.length && same(names[hint], start, length)) {
            return hint;
        }
        for (int n = 0; n < names.length; n++) {
            if (n != hint && same(names[n], start, length)) {
                return n;
            }
        }
        return -1;
    }

    private boolean same(byte[] name, int start, int length) {
        if (name.length != length) {
            return false;
        }
        // member names are short: a plain loop beats the call into Arrays.equals's vectorised compare
        for (int k = 0; k < length; k++) {
            if (name[k] != b[start + k]) {
                return false;
            }
        }
        return true;
    }

    /** Opens an object for {@link #nextMember}. */
    public void beginObjectMembers(String at, String what) {
        skipSpace();
        if (i >= end || b[i] != '{') {
            throw mismatch(at, what);
        }
        i++;
    }

    /** A number, or one of the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}. */
    public double readFloating(String at) {
        if (peekString()) {
            int start = i;
            switch (string()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    i = start;
                    throw mismatch(at, "a number");
            }
        }
        return Double.parseDouble(readNumber(at, "a number"));
    }

    /**
     * Opens an object and returns its first member name, or null when it is empty. Read the member's
     * value, then call {@link #nextName}.
     */
    public String beginObject(String at, String what) {
        skipSpace();
        if (i >= end || b[i] != '{') {
            throw mismatch(at, what);
        }
        i++;
        skipSpace();
        if (i < end && b[i] == '}') {
            i++;
            return null;
        }
        return name();
    }

    /** The next member name of the object being read, or null at its end (consumed). */
    public String nextName() {
        skipSpace();
        if (i < end && b[i] == '}') {
            i++;
            return null;
        }
        expect(',');
        return name();
    }

    private String name() {
        skipSpace();
        if (i >= end || b[i] != '"') {
            throw malformed("expected a member name in quotes");
        }
        String name = string();
        expect(':');
        return name;
    }

    /** Opens an array; true when it has a first element. Read it, then call {@link #nextElement}. */
    public boolean beginArray(String at, String what) {
        skipSpace();
        if (i >= end || b[i] != '[') {
            throw mismatch(at, what);
        }
        i++;
        skipSpace();
        if (i < end && b[i] == ']') {
            i++;
            return false;
        }
        return true;
    }

    /** True when the array being read has another element (its comma consumed), false at its end. */
    public boolean nextElement() {
        skipSpace();
        if (i < end && b[i] == ']') {
            i++;
            return false;
        }
        expect(',');
        return true;
    }

    /** Skips one value of any type. */
    public void skipValue() {
        skipSpace();
        if (i >= end) {
            throw malformed("the text ends where a value was expected");
        }
        switch (b[i]) {
            case '{' -> {
                for (String n = beginObject("$", "an object"); n != null; n = nextName()) {
                    skipValue();
                }
            }
            case '[' -> {
                for (boolean more = beginArray("$", "a list"); more; more = nextElement()) {
                    skipValue();
                }
            }
            case '"' -> string();
            case 't', 'f' -> {
                // not readBoolean: its mismatch would skip this very value again, without end
                String word = b[i] == 't' ? "true" : "false";
                if (i + word.length() > end
                        || !new String(b, i, word.length(), StandardCharsets.US_ASCII).equals(word)) {
                    throw malformed("unexpected character '" + (char) (b[i] & 0xFF) + "'");
                }
                i += word.length();
            }
            case 'n' -> {
                if (!tryNull()) {
                    throw malformed("unexpected character 'n'");
                }
            }
            default -> {
                if (peekNumber()) {
                    number();
                } else {
                    throw malformed("unexpected character '" + (char) (b[i] & 0xFF) + "'");
                }
            }
        }
    }

    private String string() {
        int start = ++i; // after the quote
        boolean plain = true;
        while (true) {
            if (i >= end) {
                throw malformed("unterminated string");
            }
            byte c = b[i];
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                plain = false;
                i += 2;
                continue;
            }
            if ((c & 0xFF) < 0x20) {
                throw malformed("a control character (code " + c + ") inside a string must be escaped");
            }
            i++;
        }
        int stop = i++;
        if (plain) {
            return new String(b, start, stop - start, StandardCharsets.UTF_8);
        }
        return unescape(start, stop);
    }

    private String unescape(int start, int stop) {
        StringBuilder sb = new StringBuilder(stop - start);
        int runStart = start;
        int k = start;
        while (k < stop) {
            if (b[k] != '\\') {
                k++;
                continue;
            }
            sb.append(new String(b, runStart, k - runStart, StandardCharsets.UTF_8));
            if (k + 1 >= stop) {
                throw malformedAt(k, "bad escape");
            }
            byte e = b[k + 1];
            k += 2;
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (k + 4 > stop) {
                        throw malformedAt(k - 2, "bad \\u escape");
                    }
                    int cp = 0;
                    for (int j = 0; j < 4; j++) {
                        int d = Character.digit(b[k + j], 16);
                        if (d < 0) {
                            throw malformedAt(k - 2, "bad \\u escape");
                        }
                        cp = cp * 16 + d;
                    }
                    sb.append((char) cp);
                    k += 4;
                }
                default -> throw malformedAt(k - 2, "bad escape '\\" + (char) e + "'");
            }
            runStart = k;
        }
        sb.append(new String(b, runStart, stop - runStart, StandardCharsets.UTF_8));
        return sb.toString();
    }

    private String number() {
        int start = i;
        if (b[i] == '-') {
            i++;
        }
        int digits = digits();
        if (digits == 0 || (digits > 1 && b[start + (b[start] == '-' ? 1 : 0)] == '0')) {
            i = start;
            throw malformed("bad number");
        }
        if (i < end && b[i] == '.') {
            i++;
            if (digits() == 0) {
                i = start;
                throw malformed("bad number");
            }
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            if (digits() == 0) {
                i = start;
                throw malformed("bad number");
            }
        }
        return new String(b, start, i - start, StandardCharsets.US_ASCII);
    }

    private int digits() {
        int n = 0;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
            n++;
        }
        return n;
    }

    private void expect(char c) {
        skipSpace();
        if (i >= end || b[i] != c) {
            throw malformed("expected '" + c + "'");
        }
        i++;
    }

    private int skipSpaceAndMark() {
        skipSpace();
        return i;
    }

    private void skipSpace() {
        while (i < end && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
    }

    /**
     * The value at the current position does not have the expected type; or, when it is not valid
     * JSON at all, says so.
     */
    public IllegalArgumentException mismatch(String at, String what) {
        skipSpace();
        if (i >= end) {
            return malformed("the text ends where " + what + " was expected");
        }
        int start = i;
        try {
            skipValue();
        } catch (IllegalArgumentException malformed) {
            i = start;
            return malformed;
        }
        String text = new String(b, start, i - start, StandardCharsets.UTF_8);
        i = start;
        return new IllegalArgumentException(at + ": expected " + what + ", found "
                + (text.length() > SHOWN ? text.substring(0, SHOWN) + "..." : text));
    }

    private IllegalArgumentException malformed(String problem) {
        return malformedAt(i, problem);
    }

    private IllegalArgumentException malformedAt(int at, String problem) {
        return new IllegalArgumentException("not valid JSON: " + problem + " at byte " + at);
    }
}
