package io.github.flinkwasm.types;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.flink.annotation.Internal;

/**
 * Writes UTF-8 JSON into a growable byte array that is reused from one value to the next: no
 * object per token and no copy until {@link #toByteArray}. Commas are placed automatically. Not
 * thread-safe.
 */
@Internal
public final class JsonWriter {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] buf = new byte[256];
    private int len;
    /** Per nesting level: whether the next value is the first one (no comma before it). */
    private boolean[] first = new boolean[16];

    private int depth;
    private boolean afterName;

    /** Empties the writer for the next value. */
    public void reset() {
        len = 0;
        depth = 0;
        afterName = false;
    }

    /** The bytes written so far; valid up to {@link #length()} until the next write. */
    public byte[] buffer() {
        return buf;
    }

    public int length() {
        return len;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    public void nullValue() {
        beforeValue();
        ascii("null");
    }

    public void bool(boolean v) {
        beforeValue();
        ascii(v ? "true" : "false");
    }

    public void number(long v) {
        beforeValue();
        digits(v);
    }

    /** The decimal digits of a long, written straight into the buffer (no String per number). */
    private void digits(long v) {
        ensure(20);
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                ascii("-9223372036854775808");
                return;
            }
            buf[len++] = '-';
            v = -v;
        }
        int end = len + digitCount(v);
        int k = end;
        // two digits per division, in int arithmetic once the value fits
        while (v > Integer.MAX_VALUE) {
            long q = v / 100;
            int r = (int) (v - q * 100);
            buf[--k] = DIGIT_ONES[r];
            buf[--k] = DIGIT_TENS[r];
            v = q;
        }
        int w = (int) v;
        while (w >= 100) {
            int q = w / 100;
            int r = w - q * 100;
            buf[--k] = DIGIT_ONES[r];
            buf[--k] = DIGIT_TENS[r];
            w = q;
        }
        buf[--k] = DIGIT_ONES[w];
        if (w >= 10) {
            buf[--k] = DIGIT_TENS[w];
        }
        len = end;
    }

    /** The number of decimal digits of a non-negative long. */
    private static int digitCount(long v) {
        if (v < 10) {
            return 1;
        }
        // log10 from log2 (1233 / 4096 is just under log10(2)), then one comparison to correct it
        int t = ((64 - Long.numberOfLeadingZeros(v)) * 1233) >>> 12;
        return v < TENS[t] ? t : t + 1;
    }

    /** The tens and ones digit of 0 to 99. */
    private static final byte[] DIGIT_TENS = new byte[100];

    private static final byte[] DIGIT_ONES = new byte[100];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_TENS[i] = (byte) ('0' + i / 10);
            DIGIT_ONES[i] = (byte) ('0' + i % 10);
        }
    }

    /**
     * An unscaled number and its scale as the digits of {@code BigDecimal.toString()} for a scale
     * from 0 to 18 whose value needs no exponent: {@code -12345, 3} as {@code -12.345}.
     */
    void decimal(long unscaled, int scale) {
        beforeValue();
        if (scale == 0) {
            digits(unscaled);
            return;
        }
        ensure(scale + 22);
        if (unscaled < 0) {
            buf[len++] = '-';
            unscaled = -unscaled; // a compact decimal has at most 18 digits: no overflow
        }
        long pow = TENS[scale];
        digits(unscaled / pow);
        buf[len++] = '.';
        long frac = unscaled % pow;
        for (int k = len + scale - 1; k >= len; k--) {
            buf[k] = (byte) ('0' + (int) (frac % 10));
            frac /= 10;
        }
        len += scale;
    }

    static final long[] TENS = new long[19];

    static {
        TENS[0] = 1;
        for (int i = 1; i < TENS.length; i++) {
            TENS[i] = TENS[i - 1] * 10;
        }
    }

    /** Two digits, zero-padded, then the separator when it is not 0; for dates and times. */
    void twoDigits(int v, char after) {
        ensure(3);
        buf[len++] = (byte) ('0' + v / 10);
        buf[len++] = (byte) ('0' + v % 10);
        if (after != 0) {
            buf[len++] = (byte) after;
        }
    }

    /** {@code n} digits of {@code v}, zero-padded; for years and fractions of seconds. */
    void padded(int v, int n) {
        ensure(n);
        for (int k = len + n - 1; k >= len; k--) {
            buf[k] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += n;
    }

    /** Starts a string value whose content follows through {@link #twoDigits}, {@link #padded} or {@link #rawByte}. */
    void beginString() {
        beforeValue();
        put((byte) '"');
    }

    /** One byte as it is, inside a string started by {@link #beginString}; end it with {@code '"'}. */
    void rawByte(char c) {
        put((byte) c);
    }

    /** A finite double: a short decimal that reads back as v, laid out as {@link Double#toString} does. */
    public void number(double v) {
        beforeValue();
        ensure(DecimalDoubles.MAX_LENGTH);
        len = DecimalDoubles.write(v, buf, len);
    }

    /** A number given as its JSON text, such as {@code 1.5} or {@code -2E+3}. */
    public void numberText(String text) {
        beforeValue();
        ascii(text);
    }

    public void string(String s) {
        beforeValue();
        quoted(s);
    }

    /**
     * A string of UTF-8 bytes, which are copied as they are but for the escapes JSON needs ({@code
     * "}, {@code \\} and control characters): no String and no re-encoding.
     */
    public void utf8String(byte[] src, int offset, int length) {
        beforeValue();
        ensure(length + 2);
        buf[len++] = '"';
        int end = offset + length;
        int run = offset;
        for (int k = plainPrefix(src, offset, end); k < end; k++) {
            int c = src[k];
            if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) {
                int n = k - run;
                ensure(n + 7);
                System.arraycopy(src, run, buf, len, n);
                len += n;
                escape((char) c);
                run = k + 1;
            }
        }
        int n = end - run;
        ensure(n + 1);
        System.arraycopy(src, run, buf, len, n);
        len += n;
        buf[len++] = '"';
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * Where the first byte that JSON text must escape ({@code "}, {@code \\} or a control
     * character) may be, from {@code from}: the bytes before the returned index need none. Reads
     * eight bytes at a time and stops at the first word that holds such a byte, or fewer than eight
     * bytes before {@code to}; bytes of UTF-8 sequences (0x80 and above) need no escape.
     */
    static int plainPrefix(byte[] b, int from, int to) {
        int k = from;
        while (k + 8 <= to) {
            long w = (long) LONGS.get(b, k);
            // a byte of 0 in w ^ (that byte repeated) is the byte itself; below 0x20: w - 0x20..20
            // borrows into the high bit of that byte, which ~w keeps only for ASCII bytes
            long quote = w ^ 0x2222222222222222L;
            long backslash = w ^ 0x5C5C5C5C5C5C5C5CL;
            long found =
                    ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((w - 0x2020202020202020L) & ~w);
            if ((found & HIGHS) != 0) {
                break;
            }
            k += 8;
        }
        return k;
    }

    private void escape(char c) {
        ensure(6);
        buf[len++] = '\\';
        switch (c) {
            case '"' -> buf[len++] = '"';
            case '\\' -> buf[len++] = '\\';
            case '\n' -> buf[len++] = 'n';
            case '\r' -> buf[len++] = 'r';
            case '\t' -> buf[len++] = 't';
            case '\b' -> buf[len++] = 'b';
            case '\f' -> buf[len++] = 'f';
            default -> {
                buf[len++] = 'u';
                buf[len++] = '0';
                buf[len++] = '0';
                buf[len++] = HEX[c >> 4];
                buf[len++] = HEX[c & 0xF];
            }
        }
    }

    /**
     * A member name given as its JSON text with quotes and colon, {@code "name":}, prepared once
     * (see {@link #quotedName}).
     */
    void rawName(byte[] quotedNameAndColon) {
        if (!first[depth]) {
            put((byte) ',');
        }
        first[depth] = false;
        int n = quotedNameAndColon.length;
        ensure(n);
        System.arraycopy(quotedNameAndColon, 0, buf, len, n);
        len += n;
        afterName = true;
    }

    /** The JSON text {@code "name":} of a member name, for {@link #rawName}. */
    static byte[] quotedName(String name) {
        JsonWriter w = new JsonWriter();
        w.quoted(name);
        w.put((byte) ':');
        return w.toByteArray();
    }

    public void beginObject() {
        beforeValue();
        open('{');
    }

    public void name(String name) {
        if (!first[depth]) {
            put((byte) ',');
        }
        first[depth] = false;
        quoted(name);
        put((byte) ':');
        afterName = true;
    }

    public void endObject() {
        depth--;
        put((byte) '}');
    }

    public void beginArray() {
        beforeValue();
        open('[');
    }

    public void endArray() {
        depth--;
        put((byte) ']');
    }

    private void open(char c) {
        put((byte) c);
        depth++;
        if (depth == first.length) {
            first = Arrays.copyOf(first, depth * 2);
        }
        first[depth] = true;
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
        } else if (depth > 0) {
            if (!first[depth]) {
                put((byte) ',');
            }
            first[depth] = false;
        }
    }

    private void quoted(String s) {
        int n = s.length();
        ensure(n + 2);
        buf[len++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                if (len == buf.length) {
                    ensure(1);
                }
                buf[len++] = (byte) c;
            } else {
                i = special(s, i, c);
            }
        }
        put((byte) '"');
    }

    /** Escapes and multi-byte characters; returns the index of the last char consumed. */
    private int special(String s, int i, char c) {
        ensure(12);
        if (c < 0x80) {
            escape(c);
            return i;
        }
        if (c < 0x800) {
            buf[len++] = (byte) (0xC0 | (c >> 6));
            buf[len++] = (byte) (0x80 | (c & 0x3F));
            return i;
        }
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, s.charAt(i + 1));
            buf[len++] = (byte) (0xF0 | (cp >> 18));
            buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            buf[len++] = (byte) (0x80 | (cp & 0x3F));
            return i + 1;
        }
        if (Character.isSurrogate(c)) {
            buf[len++] = '?'; // a lone surrogate has no UTF-8 form, as String.getBytes does
            return i;
        }
        buf[len++] = (byte) (0xE0 | (c >> 12));
        buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        buf[len++] = (byte) (0x80 | (c & 0x3F));
        return i;
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void put(byte b) {
        if (len == buf.length) {
            ensure(1);
        }
        buf[len++] = b;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
