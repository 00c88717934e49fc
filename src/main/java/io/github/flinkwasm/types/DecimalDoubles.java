package io.github.flinkwasm.types;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.apache.flink.annotation.Internal;

/**
 * Decimal text of doubles without {@code Double.toString} and {@code Double.parseDouble} in the
 * common case, built on one table: for each power of ten 10^q (q in [{@value #LOWEST_POWER},
 * {@value #HIGHEST_POWER}]), its leading 128 bits, truncated, and the binary exponent of its
 * leading bit. A product of a 64-bit integer with such an entry, cut to its top 128 bits, is below
 * the exact product (scaled alike) by less than 2 units of its last bit; both directions use that
 * one bound to prove their answer or to give up and let the JDK decide.
 *
 * <p>Writing: 17 or 18 digits of v (v times a power of ten) are rounded to 15, 16, then 17
 * significant digits; the first candidate that provably lies strictly inside v's rounding interval
 * (the interval's ends are computed with the same product) is written, trailing zeros dropped. If
 * none can be proven, or v is subnormal, zero or not finite, {@code Double.toString} decides.
 *
 * <p>Reading: a significand of at most 19 digits times 10^q; when the bits below the double's last
 * bit are provably away from the half-way point, that rounding is the correct one; otherwise (and
 * for results outside the normal range) the reader declines.
 */
@Internal
public final class DecimalDoubles {
    static final int LOWEST_POWER = -350;
    static final int HIGHEST_POWER = 330;

    /** Room {@link #write} may use: sign, 17 digits, point, zeros and an exponent fit easily. */
    public static final int MAX_LENGTH = 32;

    /** Upper and lower 64 bits of the truncated 128-bit significand of 10^q, at q - LOWEST_POWER. */
    private static final long[] POWER_UPPER = new long[HIGHEST_POWER - LOWEST_POWER + 1];

    private static final long[] POWER_LOWER = new long[HIGHEST_POWER - LOWEST_POWER + 1];
    /** floor(log2(10^q)): 10^q = significand * 2^(exponent - 127). */
    private static final int[] POWER_EXPONENT = new int[HIGHEST_POWER - LOWEST_POWER + 1];

    private static final long[] TENS = new long[19];

    static {
        BigInteger mask64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        for (int q = LOWEST_POWER; q <= HIGHEST_POWER; q++) {
            BigInteger significand;
            int exponent;
            if (q >= 0) {
                BigInteger exact = BigInteger.TEN.pow(q);
                int bits = exact.bitLength();
                significand = bits >= 128 ? exact.shiftRight(bits - 128) : exact.shiftLeft(128 - bits);
                exponent = bits - 1;
            } else {
                // 1/10^-q lies strictly between 2^-bits and 2^-(bits-1), 10^-q being no power of two
                BigInteger divisor = BigInteger.TEN.pow(-q);
                int bits = divisor.bitLength();
                significand = BigInteger.ONE.shiftLeft(127 + bits).divide(divisor);
                exponent = -bits;
            }
            int at = q - LOWEST_POWER;
            POWER_UPPER[at] = significand.shiftRight(64).longValue();
            POWER_LOWER[at] = significand.and(mask64).longValue();
            POWER_EXPONENT[at] = exponent;
        }
        long ten = 1;
        for (int k = 0; k < TENS.length; k++) {
            TENS[k] = ten;
            ten *= 10;
        }
    }

    private DecimalDoubles() {}

    // ---- 128-bit products ---------------------------------------------------------------------

    /** The upper 64 bits of the unsigned 128-bit product a * b. */
    private static long unsignedHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /** Bits 64..127 of the top 128 bits of the 192-bit product m * significand(10^q). */
    private static long productLower(long m, int at) {
        return m * POWER_UPPER[at] + unsignedHigh(m, POWER_LOWER[at]);
    }

    /** Bits 128..191 of the 192-bit product m * significand(10^q). */
    private static long productUpper(long m, int at) {
        long upperLow = m * POWER_UPPER[at];
        long middle = upperLow + unsignedHigh(m, POWER_LOWER[at]);
        long carry = Long.compareUnsigned(middle, upperLow) < 0 ? 1 : 0;
        return unsignedHigh(m, POWER_UPPER[at]) + carry;
    }

    /** floor((upper:lower) / 2^shift) for 64 <= shift < 128. */
    private static long integerPart(long upper, int shift) {
        return upper >>> (shift - 64);
    }

    /** Whether (upper:lower) has a non-zero bit below 2^shift, for 64 <= shift < 128. */
    private static boolean hasFraction(long upper, long lower, int shift) {
        return lower != 0 || (upper & ((1L << (shift - 64)) - 1)) != 0;
    }

    /** ceil((upper:lower) / 2^shift) for 64 <= shift < 128. */
    private static long ceilingPart(long upper, long lower, int shift) {
        return integerPart(upper, shift) + (hasFraction(upper, lower, shift) ? 1 : 0);
    }

    // ---- writing ------------------------------------------------------------------------------

    /**
     * Writes v as a JSON number that {@link Double#parseDouble} reads back as v (plain for 1e-3 <=
     * |v| < 1e7, else {@code d.dddE[-]x}, as {@link Double#toString} lays it out) into buf from
     * {@code at}, which must have {@link #MAX_LENGTH} bytes of room; returns the end position.
     */
    public static int write(double v, byte[] buf, int at) {
        long bits = Double.doubleToRawLongBits(v);
        int biased = (int) (bits >>> 52) & 0x7FF;
        if (biased == 0 || biased == 0x7FF) {
            return fallback(v, buf, at);
        }
        int pos = at;
        if (bits < 0) {
            buf[pos++] = '-';
        }
        long significand = (bits & 0xF_FFFF_FFFF_FFFFL) | (1L << 52); // v = significand * 2^binary
        int binary = biased - 1075;
        // 10^guess <= |v| < 10^(guess + 2): floor(log10(2) * exponent of the leading bit)
        int guess = (int) Math.floor((binary + 52) * 0.30102999566398120);
        int scale = 16 - guess; // |v| * 10^scale lies in [10^16, 10^18)
        int index = scale - LOWEST_POWER;
        // product (significand << 11) * table = T * 2^64; |v| * 10^scale = exact * 2^-shift
        int shift = 74 - binary - POWER_EXPONENT[index];
        if (shift <= 64 || shift >= 128) {
            return fallback(v, buf, at);
        }
        long scaled = integerPart(productUpper(significand << 11, index), shift);
        if (scaled < TENS[16]) {
            return fallback(v, buf, at); // the estimate of log10 |v| was off: not expected
        }
        // rounding interval ends, times 2^-shift on the same scale: (2f + 1) / 2 and (2f - 1) / 2
        // (4f - 1) / 4 below a power of two, where the gap below is half the gap above
        long upperEnd = significand * 2 + 1;
        long upUpper = productUpper(upperEnd << 10, index);
        long upLower = productLower(upperEnd << 10, index);
        // strictly below the upper end: candidate < floor(T_up / 2^shift), or equal with a fraction
        long belowUpper = integerPart(upUpper, shift);
        boolean upperHasFraction = hasFraction(upUpper, upLower, shift);
        long lowerEnd = significand == 1L << 52 ? significand * 4 - 1 : significand * 2 - 1;
        int lowerFactor = significand == 1L << 52 ? 9 : 10;
        long lowUpper = productUpper(lowerEnd << lowerFactor, index);
        long lowLower = productLower(lowerEnd << lowerFactor, index) + 2; // the exact end is below T + 2
        if (Long.compareUnsigned(lowLower, 2) < 0) {
            lowUpper++;
        }
        long aboveLower = ceilingPart(lowUpper, lowLower, shift); // smallest integer > the lower end
        int digits = scaled >= TENS[17] ? 18 : 17;
        for (int precision = 15; precision <= 17; precision++) {
            long unit = TENS[digits - precision];
            long kept = scaled / unit;
            if ((scaled - kept * unit) * 2 >= unit) {
                kept++;
            }
            long candidate = kept * unit;
            boolean insideUpper = candidate < belowUpper || (candidate == belowUpper && upperHasFraction);
            if (insideUpper && candidate >= aboveLower) {
                // candidate * 10^-scale; its leading digit has weight 10^(length - 1 - scale)
                int length = kept >= TENS[precision] ? precision + 1 : precision;
                int exponent = length + (digits - precision) - 1 - scale;
                return layout(kept, length, exponent, buf, pos);
            }
        }
        return fallback(v, buf, at);
    }

    /** digits (a number of count decimal digits) times 10^(exponent - count + 1), laid out. */
    private static int layout(long digits, int count, int exponent, byte[] buf, int pos) {
        while (count > 1 && digits % 10 == 0) {
            digits /= 10;
            count--;
        }
        int digitsAt;
        if (exponent >= -3 && exponent < 7) {
            if (exponent < 0) {
                buf[pos++] = '0';
                buf[pos++] = '.';
                for (int z = -1; z > exponent; z--) {
                    buf[pos++] = '0';
                }
                putDigits(digits, count, buf, pos);
                return pos + count;
            }
            int whole = exponent + 1;
            if (count <= whole) {
                putDigits(digits, count, buf, pos);
                pos += count;
                for (int z = count; z < whole; z++) {
                    buf[pos++] = '0';
                }
                buf[pos++] = '.';
                buf[pos++] = '0';
                return pos;
            }
            // digits with a point after the first `whole` of them
            putDigits(digits / TENS[count - whole], whole, buf, pos);
            pos += whole;
            buf[pos++] = '.';
            putDigits(digits % TENS[count - whole], count - whole, buf, pos);
            return pos + count - whole;
        }
        digitsAt = pos;
        putDigits(digits, count, buf, pos + 1); // leave room for the point after the first digit
        buf[digitsAt] = buf[digitsAt + 1];
        buf[digitsAt + 1] = '.';
        pos += count + 1;
        if (count == 1) {
            buf[pos++] = '0';
        }
        buf[pos++] = 'E';
        int magnitude = exponent;
        if (magnitude < 0) {
            buf[pos++] = '-';
            magnitude = -magnitude;
        }
        if (magnitude >= 100) {
            buf[pos++] = (byte) ('0' + magnitude / 100);
        }
        if (magnitude >= 10) {
            buf[pos++] = (byte) ('0' + magnitude / 10 % 10);
        }
        buf[pos++] = (byte) ('0' + magnitude % 10);
        return pos;
    }

    /** The count lowest decimal digits of value, zero-padded, at buf[pos..pos + count). */
    private static void putDigits(long value, int count, byte[] buf, int pos) {
        for (int k = pos + count - 1; k >= pos; k--) {
            buf[k] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    private static int fallback(double v, byte[] buf, int at) {
        byte[] text = Double.toString(v).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, buf, at, text.length);
        return at + text.length;
    }

    // ---- reading ------------------------------------------------------------------------------

    /**
     * The double nearest to significand * 10^power (significand unsigned, at most 19 digits), or
     * NaN if that cannot be decided here: the bits past the double's last one are too close to the
     * half-way point for the product's error, or the result is zero, subnormal or infinite.
     */
    public static double read(long significand, int power, boolean negative) {
        if (significand == 0 || power < LOWEST_POWER || power > HIGHEST_POWER) {
            return Double.NaN;
        }
        int index = power - LOWEST_POWER;
        int leadingZeros = Long.numberOfLeadingZeros(significand);
        long normalized = significand << leadingZeros;
        long upper = productUpper(normalized, index);
        long lower = productLower(normalized, index);
        // value = (T + error) * 2^(exponent - leadingZeros - 63), 0 <= error < 2
        int leadingBit = POWER_EXPONENT[index] - leadingZeros + 64; // weight of T's bit 127, as 2^x
        if (upper >= 0) { // T's bit 127 is clear, bit 126 set: move it up (the error becomes < 4)
            upper = (upper << 1) | (lower >>> 63);
            leadingBit--;
        }
        long mantissa = upper >>> 11; // 53 bits, the top one set
        int rest = (int) upper & 0x7FF; // the next 11 bits; half-way is 0x400 followed by zeros
        if (rest == 0x3FF || rest == 0x400) {
            return Double.NaN; // within 4 units (of T's last bit) of half-way
        }
        if (rest > 0x400) {
            mantissa++;
            if (mantissa == 1L << 53) {
                mantissa >>>= 1;
                leadingBit++;
            }
        }
        if (leadingBit < -1022 || leadingBit > 1023) {
            return Double.NaN;
        }
        long bits = ((long) (leadingBit + 1023) << 52) | (mantissa & 0xF_FFFF_FFFF_FFFFL);
        return Double.longBitsToDouble(negative ? bits | Long.MIN_VALUE : bits);
    }
}
