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

    private final byte[] b;
    private final int end;
    private int i;

    public JsonReader(byte[] bytes) {
        this.b = bytes;
        this.end = bytes.length;
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
