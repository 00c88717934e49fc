package io.github.flinkwasm.types;

import java.math.BigInteger;
import org.apache.flink.annotation.Internal;

/**
 * Doubles to and from decimal text without a {@code String} and without JDK 17's {@code
 * FloatingDecimal} (whose {@code dtoa} and big-integer parsing dominated the cost of an {@code
 * ARRAY<DOUBLE>} crossing as JSON).
 *
 * <p>{@link #write} gives the shortest decimal that reads back as the same double (the digits of
 * the Schubfach method: a decimal is picked from the rounding interval of the double, computed with
 * a 126-bit approximation of a power of ten), laid out as {@link Double#toString(double)} lays it
 * out: plain from 10<sup>-3</sup> to below 10<sup>7</sup> ({@code 0.001}, {@code 123.5}, {@code
 * 100.0}), else {@code 1.0E7}, {@code -2.5E-5}. The digits equal those of JDK 19 and later; JDK 17
 * sometimes prints one digit more, for the same double. Every such text is a JSON number.
 *
 * <p>{@link #parse} turns a decimal significand of up to 19 digits and a power of ten into the
 * nearest double (the Eisel-Lemire method: one or two 64-by-64-bit products with a 128-bit
 * approximation of the power of ten), or reports that the approximation cannot decide, in which
 * case the caller uses {@link Double#parseDouble}.
 */
@Internal
public final class DoubleText {
    private DoubleText() {
        // no instances
    }

    // ---- writing: the shortest decimal

    private static final int Q_MIN = -1074; // exponent of the smallest subnormal
    private static final long C_MIN = 1L << 52; // smallest significand of a normal double
    private static final long C_TINY = 3; // significands of subnormals below it need one more digit
    private static final int K_MIN = -324;
    private static final int K_MAX = 292;
    private static final long MASK_63 = (1L << 63) - 1;
    /** g = floor(10^-k 2^(125 - floor(log2(10^-k)))) + 1 in [2^125, 2^126], split into 63-bit halves. */
    private static final long[] G1 = new long[K_MAX - K_MIN + 1];

    private static final long[] G0 = new long[K_MAX - K_MIN + 1];

    static {
        for (int k = K_MIN; k <= K_MAX; k++) {
            int shift = 125 - flog2pow10(-k);
            BigInteger g;
            if (k <= 0) {
                BigInteger p = BigInteger.TEN.pow(-k);
                g = shift >= 0 ? p.shiftLeft(shift) : p.shiftRight(-shift);
            } else {
                g = BigInteger.ONE.shiftLeft(shift).divide(BigInteger.TEN.pow(k));
            }
            g = g.add(BigInteger.ONE);
            G1[k - K_MIN] = g.shiftRight(63).longValueExact();
            G0[k - K_MIN] = g.longValue() & MASK_63;
        }
    }

    /** floor(log10(2^e)) for |e| up to about 5,000. */
    static int flog10pow2(int e) {
        return (int) (e * 661_971_961_083L >> 41);
    }

    /** floor(log10(3/4 2^e)) for |e| up to about 5,000. */
    static int flog10threeQuartersPow2(int e) {
        return (int) (e * 661_971_961_083L - 274_743_187_321L >> 41);
    }

    /** floor(log2(10^e)) for |e| up to about 1,000. */
    static int flog2pow10(int e) {
        return (int) (e * 913_124_641_741L >> 38);
    }

    /** The most bytes {@link #write} writes. */
    public static final int MAX_CHARS = 25;

    /**
     * Writes a finite double as the shortest decimal that reads back as it, in {@link
     * Double#toString(double)}'s layout; {@link #MAX_CHARS} bytes must be free from {@code at}.
     *
     * @return the index after the last byte written
     */
    public static int write(double v, byte[] buf, int at) {
        long bits = Double.doubleToRawLongBits(v);
        long t = bits & (C_MIN - 1);
        int bq = (int) (bits >>> 52) & 0x7FF;
        if (bq == 0x7FF) {
            throw new IllegalArgumentException("not finite: " + v);
        }
        if (bits < 0) {
            buf[at++] = '-';
        }
        if (bq != 0) {
            int mq = -Q_MIN + 1 - bq; // minus the exponent of the significand's unit
            long c = C_MIN | t;
            if (0 < mq && mq < 53) {
                long f = c >> mq;
                if (f << mq == c) { // an integer below 2^53: its own digits are the shortest
                    return chars(f, 0, buf, at);
                }
            }
            return shortest(-mq, c, 0, buf, at);
        }
        if (t != 0) { // subnormal
            return t < C_TINY ? shortest(Q_MIN, 10 * t, -1, buf, at) : shortest(Q_MIN, t, 0, buf, at);
        }
        buf[at] = '0';
        buf[at + 1] = '.';
        buf[at + 2] = '0';
        return at + 3;
    }

    /** {@link #write} as a String, for tests and messages. */
    public static String toString(double v) {
        byte[] b = new byte[MAX_CHARS];
        return new String(b, 0, write(v, b, 0), java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The shortest decimal in the rounding interval of c 2^q; dk corrects the exponent of a scaled c. */
    private static int shortest(int q, long c, int dk, byte[] buf, int at) {
        int out = (int) c & 1; // an even significand: the interval's ends round to it
        long cb = c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (c != C_MIN || q == Q_MIN) {
            cbl = cb - 2;
            k = flog10pow2(q);
        } else { // a power of two: the gap below is half the gap above
            cbl = cb - 1;
            k = flog10threeQuartersPow2(q);
        }
        int h = q + flog2pow10(-k) + 2;
        long g1 = G1[k - K_MIN];
        long g0 = G0[k - K_MIN];
        // v, its lower and its upper end, scaled by 10^-k, times 4, rounded to odd
        long vb = roundToOdd(g1, g0, cb << h);
        long vbl = roundToOdd(g1, g0, cbl << h);
        long vbr = roundToOdd(g1, g0, cbr << h);
        long s = vb >> 2;
        if (s >= 100) {
            // one digit fewer: the multiples of ten next to s
            long sp10 = 10 * (s / 10);
            long tp10 = sp10 + 10;
            boolean upin = vbl + out <= sp10 << 2;
            boolean wpin = (tp10 << 2) + out <= vbr;
            if (upin != wpin) {
                return chars(upin ? sp10 : tp10, k, buf, at);
            }
        }
        long tt = s + 1;
        boolean uin = vbl + out <= s << 2;
        boolean win = (tt << 2) + out <= vbr;
        if (uin != win) {
            return chars(uin ? s : tt, k + dk, buf, at);
        }
        // both are in the interval: the nearer one, the even one on a tie
        long cmp = vb - ((s + tt) << 1);
        return chars(cmp < 0 || (cmp == 0 && (s & 1) == 0) ? s : tt, k + dk, buf, at);
    }

    /** floor(cp g 2^-127) with its last bit set when bits were dropped, for g = g1 2^63 + g0. */
    private static long roundToOdd(long g1, long g0, long cp) {
        long x1 = Math.multiplyHigh(g0, cp);
        long y0 = g1 * cp;
        long y1 = Math.multiplyHigh(g1, cp);
        long z = (y0 >>> 1) + x1;
        long vbp = y1 + (z >>> 63);
        return vbp | ((z & MASK_63) + MASK_63) >>> 63;
    }

    /** Lays out f 10^e (f > 0) as Double.toString does. */
    private static int chars(long f, int e, byte[] buf, int at) {
        while (f % 10 == 0) {
            f /= 10;
            e++;
        }
        int len = flog10pow2(64 - Long.numberOfLeadingZeros(f));
        if (f >= TENS[len]) {
            len++;
        }
        int exp = e + len - 1; // the power of ten of the first digit
        if (exp >= 0 && exp < 7) {
            int intDigits = exp + 1;
            if (len <= intDigits) { // an integer: digits, zeros, ".0"
                digits(f, len, buf, at);
                at += len;
                for (int z = len; z < intDigits; z++) {
                    buf[at++] = '0';
                }
                buf[at] = '.';
                buf[at + 1] = '0';
                return at + 2;
            }
            digits(f, len, buf, at + 1); // then move the integer digits one to the left
            System.arraycopy(buf, at + 1, buf, at, intDigits);
            buf[at + intDigits] = '.';
            return at + len + 1;
        }
        if (exp < 0 && exp >= -3) { // 0.00ddd
            buf[at++] = '0';
            buf[at++] = '.';
            for (int z = -1; z > exp; z--) {
                buf[at++] = '0';
            }
            digits(f, len, buf, at);
            return at + len;
        }
        // d.dddE±x
        digits(f, len, buf, at + 1);
        buf[at] = buf[at + 1];
        buf[at + 1] = '.';
        if (len == 1) {
            buf[at + 2] = '0';
            at += 3;
        } else {
            at += len + 1;
        }
        buf[at++] = 'E';
        if (exp < 0) {
            buf[at++] = '-';
            exp = -exp;
        }
        if (exp >= 100) {
            buf[at++] = (byte) ('0' + exp / 100);
            exp %= 100;
            buf[at++] = (byte) ('0' + exp / 10);
        } else if (exp >= 10) {
            buf[at++] = (byte) ('0' + exp / 10);
        }
        buf[at++] = (byte) ('0' + exp % 10);
        return at;
    }

    private static final long[] TENS = new long[19];
    /** "00", "01", ... "99". */
    private static final byte[] PAIRS = new byte[200];

    static {
        TENS[0] = 1;
        for (int i = 1; i < TENS.length; i++) {
            TENS[i] = TENS[i - 1] * 10;
        }
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    /**
     * The len decimal digits of f at buf[at...], two at a time, in int arithmetic below 10^8 (a
     * 64-bit division per digit was the largest cost of writing a double).
     */
    private static void digits(long f, int len, byte[] buf, int at) {
        int k = at + len;
        while (f >= 100_000_000L) {
            long q = f / 100_000_000L;
            int r = (int) (f - q * 100_000_000L);
            k -= 8;
            for (int j = k + 6; j >= k; j -= 2) {
                int r2 = r / 100;
                pair(r - r2 * 100, buf, j);
                r = r2;
            }
            f = q;
        }
        int v = (int) f;
        while (v >= 100) {
            int q = v / 100;
            k -= 2;
            pair(v - q * 100, buf, k);
            v = q;
        }
        if (v >= 10) {
            pair(v, buf, k - 2);
        } else {
            buf[k - 1] = (byte) ('0' + v);
        }
    }

    private static void pair(int d, byte[] buf, int at) {
        buf[at] = PAIRS[2 * d];
        buf[at + 1] = PAIRS[2 * d + 1];
    }

    // ---- reading: Eisel-Lemire

    private static final int P_MIN = -342;
    private static final int P_MAX = 308;
    /** The 128 most significant bits of 10^q (rounded down), q from P_MIN to P_MAX: high, low. */
    private static final long[] POW_HI = new long[P_MAX - P_MIN + 1];

    private static final long[] POW_LO = new long[P_MAX - P_MIN + 1];

    static {
        BigInteger mask = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        for (int q = P_MIN; q <= P_MAX; q++) {
            BigInteger m;
            if (q >= 0) {
                m = BigInteger.TEN.pow(q);
                int shift = 128 - m.bitLength();
                m = shift >= 0 ? m.shiftLeft(shift) : m.shiftRight(-shift);
            } else {
                BigInteger p = BigInteger.TEN.pow(-q);
                // 2^(b) / 10^-q with 128 significant bits: b = bitLength(p) + 127 (or +128)
                int b = p.bitLength() + 127;
                m = BigInteger.ONE.shiftLeft(b).divide(p);
                if (m.bitLength() < 128) {
                    m = BigInteger.ONE.shiftLeft(b + 1).divide(p);
                }
            }
            POW_HI[q - P_MIN] = m.shiftRight(64).longValue();
            POW_LO[q - P_MIN] = m.and(mask).longValue();
        }
    }

    /**
     * The double nearest to {@code w} 10^{@code q} ({@code w} read as unsigned: up to 19 decimal
     * digits), negated when asked; or NaN when this method cannot decide (rare: ties and values
     * next to the ends of the range), then use {@link Double#parseDouble}.
     */
    public static double parse(long w, int q, boolean negative) {
        if (w == 0 || q < P_MIN) {
            return negative ? -0.0 : 0.0;
        }
        if (q > P_MAX) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        int lz = Long.numberOfLeadingZeros(w);
        w <<= lz;
        long exp2 = ((217_706L * q) >> 16) + 64 + 1023 - lz;
        long phi = POW_HI[q - P_MIN];
        long hi = unsignedMultiplyHigh(w, phi);
        long lo = w * phi;
        if ((hi & 0x1FF) == 0x1FF && Long.compareUnsigned(lo + w, w) < 0) {
            // the truncated power may matter: add the product with its next 64 bits
            long plo = POW_LO[q - P_MIN];
            long yhi = unsignedMultiplyHigh(w, plo);
            long ylo = w * plo;
            long mergedLo = lo + yhi;
            long mergedHi = hi + (Long.compareUnsigned(mergedLo, lo) < 0 ? 1 : 0);
            if ((mergedHi & 0x1FF) == 0x1FF && mergedLo == -1 && Long.compareUnsigned(ylo + w, w) < 0) {
                return Double.NaN;
            }
            hi = mergedHi;
            lo = mergedLo;
        }
        int msb = (int) (hi >>> 63);
        long mantissa = hi >>> (msb + 9);
        exp2 -= 1 ^ msb;
        if (lo == 0 && (hi & 0x1FF) == 0 && (mantissa & 3) == 1) {
            return Double.NaN; // exactly half-way, as far as these bits tell
        }
        mantissa += mantissa & 1;
        mantissa >>>= 1;
        if ((mantissa >>> 53) > 0) {
            mantissa >>>= 1;
            exp2++;
        }
        if (exp2 <= 0 || exp2 >= 0x7FF) {
            return Double.NaN; // subnormal or overflow: the general way
        }
        long bits = exp2 << 52 | (mantissa & (C_MIN - 1));
        if (negative) {
            bits |= Long.MIN_VALUE;
        }
        return Double.longBitsToDouble(bits);
    }

    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }
}
