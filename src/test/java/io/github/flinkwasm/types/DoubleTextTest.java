package io.github.flinkwasm.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The double writer and reader of the JSON encoding against the JDK: every text reads back as the
 * same double, is never longer than {@link Double#toString}'s and has its layout (equal to it on
 * JDK 19 and later, whose {@code Double.toString} gives the shortest digits too); every parse equals
 * {@link Double#parseDouble}'s or says it cannot decide.
 */
class DoubleTextTest {
    private static final boolean SHORTEST_JDK = Runtime.version().feature() >= 19;

    private static double randomDouble(SplittableRandom r, int i) {
        return switch (i % 6) {
            case 0 -> Double.longBitsToDouble(r.nextLong()); // any bits: every exponent, subnormals
            case 1 -> r.nextDouble() * 1000 - 500;
            case 2 -> (double) r.nextInt(1_000_000) / 1000;
            case 3 -> r.nextLong(1L << 53) * Math.scalb(1.0, r.nextInt(-80, 80));
            case 4 -> Double.longBitsToDouble(r.nextLong(1L << 52)); // subnormal
            default -> Math.scalb(1.0, r.nextInt(-1074, 1024)) * (r.nextBoolean() ? 1 : -1); // powers of two
        };
    }

    @Test
    void shouldWriteTheShortestTextThatReadsBack() {
        SplittableRandom r = new SplittableRandom(20261130);
        for (int i = 0; i < 200_000; i++) {
            double d = randomDouble(r, i);
            if (!Double.isFinite(d)) {
                continue;
            }
            check(d);
        }
    }

    @ParameterizedTest
    @ValueSource(
            doubles = {
                0.0,
                -0.0,
                Double.MIN_VALUE,
                -Double.MIN_VALUE,
                1e-323,
                Double.MIN_NORMAL,
                Double.MAX_VALUE,
                1.0,
                -1.0,
                0.1,
                0.3,
                100.0,
                1e7,
                9999999.0,
                9999999.999,
                1e-3,
                9.999e-4,
                0.001234,
                123.456,
                1e16,
                1e21,
                1e22,
                1e23,
                2e23,
                9007199254740992.0,
                9007199254740993.0,
                4.35,
                2.2250738585072014E-308,
                1.0E-5,
                5e-324
            })
    void shouldWriteSpecialValues(double d) {
        check(d);
    }

    private static void check(double d) {
        String mine = DoubleText.toString(d);
        String jdk = Double.toString(d);
        assertThat(Double.parseDouble(mine)).as(jdk).isEqualTo(d);
        assertThat(Double.doubleToRawLongBits(Double.parseDouble(mine)))
                .as(jdk)
                .isEqualTo(Double.doubleToRawLongBits(d));
        assertThat(mine.length()).as(jdk).isLessThanOrEqualTo(jdk.length());
        assertThat(mine.contains("E")).as(jdk).isEqualTo(jdk.contains("E"));
        assertThat(mine).as("a JSON number").matches("-?(0|[1-9][0-9]*)\\.[0-9]+(E-?[0-9]+)?");
        if (SHORTEST_JDK) {
            assertThat(mine).isEqualTo(jdk);
        }
    }

    @Test
    void shouldWriteIntoABufferAtAnOffset() {
        byte[] buf = new byte[40];
        int end = DoubleText.write(-123.25, buf, 7);
        assertThat(new String(buf, 7, end - 7, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("-123.25");
    }

    @Test
    void shouldParseLikeTheJdk() {
        SplittableRandom r = new SplittableRandom(11);
        int undecided = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            int digits = 1 + r.nextInt(19);
            long w = 0;
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < digits; k++) {
                int d = r.nextInt(10);
                w = w * 10 + d;
                sb.append((char) ('0' + d));
            }
            int q = switch (i % 3) {
                case 0 -> r.nextInt(-30, 30);
                case 1 -> r.nextInt(-360, 330);
                default -> r.nextInt(-25, 5);
            };
            boolean negative = r.nextBoolean();
            String text = (negative ? "-" : "") + sb + "E" + q;
            double got = DoubleText.parse(w, q, negative);
            if (Double.isNaN(got)) {
                undecided++;
                continue;
            }
            assertThat(Double.doubleToRawLongBits(got))
                    .as(text)
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
        }
        assertThat(undecided).isLessThan(n / 20); // subnormals, overflow and ties
    }

    @Test
    void shouldParseValuesNextToHalfWayPoints() {
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 100_000; i++) {
            double d = Math.abs(randomDouble(r, i));
            if (!Double.isFinite(d) || d == Double.MAX_VALUE) {
                continue;
            }
            BigDecimal exact = new BigDecimal(d);
            BigDecimal mid = exact.add(new BigDecimal(Math.nextUp(d))).divide(BigDecimal.valueOf(2));
            for (BigDecimal x : new BigDecimal[] {exact, mid}) {
                for (RoundingMode mode : new RoundingMode[] {RoundingMode.DOWN, RoundingMode.UP}) {
                    BigDecimal y = x.round(new MathContext(19, mode));
                    if (y.unscaledValue().bitLength() > 64) {
                        continue;
                    }
                    double got = DoubleText.parse(y.unscaledValue().longValue(), -y.scale(), false);
                    if (!Double.isNaN(got)) {
                        assertThat(got).as(y.toString()).isEqualTo(Double.parseDouble(y.toString()));
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0.5",
                "-0.0",
                "123.456",
                "1.7976931348623157E308",
                "4.9E-324",
                "2.2250738585072014E-308",
                "0.1",
                "9007199254740993",
                "12345678901234567890",
                "1234567890123456789e-300",
                "0.000000000000000000001234"
            })
    void shouldReadJsonNumbersAsTheJdkDoes(String text) {
        double d = new JsonReader(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).readDouble("$");
        assertThat(Double.doubleToRawLongBits(d)).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
    }
}
