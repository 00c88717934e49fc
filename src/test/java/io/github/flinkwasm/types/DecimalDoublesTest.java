package io.github.flinkwasm.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Decimal text of doubles: every text reads back as the same double; the reader agrees with the JDK or declines. */
class DecimalDoublesTest {
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private static String text(double v) {
        byte[] buf = new byte[DecimalDoubles.MAX_LENGTH + 3];
        buf[0] = 'x';
        int end = DecimalDoubles.write(v, buf, 1);
        assertThat(end - 1).isLessThanOrEqualTo(DecimalDoubles.MAX_LENGTH);
        return new String(buf, 1, end - 1, StandardCharsets.US_ASCII);
    }

    /** Round trip, JSON syntax and at most 17 significant digits; returns how many values passed. */
    private static int checkWrite(DoubleSupplier values, int count) {
        for (int n = 0; n < count; n++) {
            double v = values.getAsDouble();
            if (!Double.isFinite(v)) {
                continue;
            }
            String t = text(v);
            assertThat(JSON_NUMBER.matcher(t).matches()).as("%s is JSON", t).isTrue();
            assertThat(Double.doubleToRawLongBits(Double.parseDouble(t)))
                    .as("%s reads back as %s", t, v)
                    .isEqualTo(Double.doubleToRawLongBits(v));
            if (v != 0) {
                assertThat(new BigDecimal(t).stripTrailingZeros().precision())
                        .as(t)
                        .isLessThanOrEqualTo(17);
            }
        }
        return count;
    }

    @ParameterizedTest
    @CsvSource({
        "0.1, 0.1",
        "3.5, 3.5",
        "100.0, 100.0",
        "1.0E-5, 1.0E-5",
        "0.001, 0.001",
        "1.0E7, 1.0E7",
        "9999999.0, 9999999.0",
        "1234567.125, 1234567.125",
        "-2.5E-10, -2.5E-10",
        "0.3, 0.3",
        "123.456, 123.456",
        "1.0, 1.0",
        "-0.0, -0.0",
        "0.0, 0.0",
        "1.7976931348623157E308, 1.7976931348623157E308",
        "4.9E-324, 4.9E-324",
        // JDK 17 writes ...014 here; ...013 is nearer to MIN_NORMAL and reads back as well
        "2.2250738585072014E-308, 2.2250738585072013E-308",
        // 1e23 lies exactly on the boundary of this double's interval: treated as outside
        "1.0E23, 9.999999999999999E22",
        "0.30000000000000004, 0.30000000000000004",
        "1.0E-300, 1.0E-300",
        "6.02214076E23, 6.02214076E23"
    })
    void commonValuesAreShortAndFamiliar(double v, String expected) {
        assertThat(text(v)).isEqualTo(expected);
    }

    @Test
    void shortestForSmallDecimals() {
        for (int k = -100000; k <= 100000; k++) {
            double v = k / 1000.0;
            String t = text(v);
            assertThat(Double.parseDouble(t)).isEqualTo(v);
            // k/1000 has at most 6 significant digits: the text must not be longer than that
            if (k != 0) {
                assertThat(new BigDecimal(t).stripTrailingZeros().precision())
                        .as(t)
                        .isLessThanOrEqualTo(6);
            }
        }
    }

    @Test
    void writtenTextsReadBack() {
        Random random = new Random(42);
        int checked = 0;
        checked += checkWrite(() -> Double.longBitsToDouble(random.nextLong()), 60_000);
        checked += checkWrite(() -> Double.longBitsToDouble(random.nextLong() & 0x800F_FFFF_FFFF_FFFFL), 5_000);
        checked += checkWrite(() -> Math.scalb(random.nextBoolean() ? 1.0 : -1.0, random.nextInt(2099) - 1074), 10_000);
        checked += checkWrite(() -> Math.scalb(1.0, random.nextInt(2046) - 1022) * (1 + random.nextInt(4)), 5_000);
        checked += checkWrite(() -> random.nextInt(2_000_000) / 1000.0 - 1000, 40_000);
        checked += checkWrite(() -> (double) random.nextLong() / (1L << random.nextInt(63)), 20_000);
        checked += checkWrite(() -> (double) random.nextInt(), 10_000);
        checked += checkWrite(
                () -> Math.nextAfter(1e7, random.nextBoolean() ? 0 : 1e8) * (1 + (random.nextInt(5) - 2) * 1e-16),
                5_000);
        checked += checkWrite(
                () -> Math.nextAfter(1e-3, random.nextBoolean() ? 0 : 1) * (1 + (random.nextInt(5) - 2) * 1e-16),
                5_000);
        checked += checkWrite(() -> random.nextDouble() * Math.pow(10, random.nextInt(600) - 300), 40_000);
        double[] edges = {
            Double.MIN_VALUE,
            Double.MAX_VALUE,
            Double.MIN_NORMAL,
            -0.0,
            0.0,
            Math.nextUp(Double.MIN_NORMAL),
            Math.nextDown(Double.MIN_NORMAL),
            Math.nextDown(Double.MAX_VALUE),
            1e7,
            Math.nextDown(1e7),
            1e-3,
            Math.nextDown(1e-3),
            1e22,
            1e23,
            9007199254740993.0,
            5e-324
        };
        int[] at = {0};
        checked += checkWrite(() -> edges[at[0]++], edges.length);
        assertThat(checked).isGreaterThanOrEqualTo(200_000);
    }

    @Test
    void neverLongerThanDoubleToString() {
        Random random = new Random(7);
        for (int n = 0; n < 20_000; n++) {
            double v = n % 2 == 0 ? random.nextDouble() * 1000 : Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(v)) {
                continue;
            }
            // the two may differ in the last of 17 digits (this one takes the nearer), not in length
            assertThat(new BigDecimal(text(v)).stripTrailingZeros().precision())
                    .as("%s", v)
                    .isLessThanOrEqualTo(new BigDecimal(Double.toString(v))
                            .stripTrailingZeros()
                            .precision());
        }
    }

    private static void checkRead(long significand, int power, boolean negative) {
        double fast = DecimalDoubles.read(significand, power, negative);
        if (Double.isNaN(fast)) {
            return; // declined
        }
        String text = (negative ? "-" : "") + Long.toUnsignedString(significand) + "E" + power;
        assertThat(Double.doubleToRawLongBits(fast))
                .as(text)
                .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
    }

    @Test
    void readerAgreesWithTheJdkOrDeclines() {
        Random random = new Random(99);
        int accepted = 0;
        int total = 0;
        for (int n = 0; n < 100_000; n++) {
            int digits = 1 + random.nextInt(19);
            long significand = Long.remainderUnsigned(random.nextLong(), pow10(digits));
            int power = random.nextInt(681) - 350;
            checkRead(significand, power, random.nextBoolean());
            total++;
            if (!Double.isNaN(DecimalDoubles.read(significand, power, false))) {
                accepted++;
            }
        }
        // written texts of random doubles (17 digits) and their neighbours' half-way points
        for (int n = 0; n < 30_000; n++) {
            double v = Math.abs(Double.longBitsToDouble(random.nextLong()));
            if (!Double.isFinite(v) || v == 0) {
                continue;
            }
            BigDecimal exact = new BigDecimal(v);
            BigDecimal halfway = exact.add(new BigDecimal(Math.ulp(v)).divide(BigDecimal.valueOf(2)));
            for (BigDecimal d : new BigDecimal[] {exact, halfway}) {
                BigDecimal rounded = d.round(new java.math.MathContext(19));
                BigDecimal nudged = rounded.add(BigDecimal.ONE.scaleByPowerOfTen(-rounded.scale()));
                for (BigDecimal r : new BigDecimal[] {rounded, nudged}) {
                    BigInteger unscaled = r.unscaledValue();
                    if (unscaled.bitLength() <= 64) {
                        checkRead(unscaled.longValue(), -r.scale(), false);
                        total++;
                    }
                }
            }
        }
        assertThat(total).isGreaterThan(200_000);
        assertThat(accepted).isGreaterThan(50_000); // the fast path carries most in-range numbers
    }

    /** 10^digits as an unsigned long (10^19 exceeds Long.MAX_VALUE but not 2^64). */
    private static long pow10(int digits) {
        return BigInteger.TEN.pow(digits).longValue();
    }

    @Test
    void jsonReaderUsesTheFastPathAndStaysExact() {
        Random random = new Random(5);
        for (int n = 0; n < 20_000; n++) {
            double v = Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(v)) {
                continue;
            }
            String t = new BigDecimal(v)
                    .round(new java.math.MathContext(1 + random.nextInt(19)))
                    .toString();
            String json = "[" + t + "," + Double.toString(v) + "]";
            JsonReader in = new JsonReader(json.getBytes(StandardCharsets.US_ASCII));
            in.beginArray("t", "array");
            double first = in.readDouble("t");
            assertThat(Double.doubleToRawLongBits(first))
                    .as(t)
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(t)));
        }
    }
}
