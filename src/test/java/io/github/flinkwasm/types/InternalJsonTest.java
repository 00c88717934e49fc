package io.github.flinkwasm.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JSON path of Flink's internal data (SQL functions) against the one of Java's classes
 * (DataStream, command line): the guest must see the same text, and the two must read the same
 * values from any text, including the messages of text that does not fit.
 */
class InternalJsonTest {

    private static LogicalType type(String sql) {
        return LogicalTypeParser.parse(sql, InternalJsonTest.class.getClassLoader());
    }

    private static DataStructureConverter<Object, Object> converter(LogicalType t) {
        DataStructureConverter<Object, Object> c =
                DataStructureConverters.getConverter(TypeConversions.fromLogicalToDataType(t));
        c.open(InternalJsonTest.class.getClassLoader());
        return c;
    }

    /** The text of both paths for one external value; asserts they are the same and returns it. */
    private static String sameText(String sqlType, Object external) {
        LogicalType t = type(sqlType);
        ValueCodec codec = ValueKind.of(t).codec();
        String java = new String(codec.toBytes(external, t), StandardCharsets.UTF_8);
        Object internal = converter(t).toInternalOrNull(external);
        String sql = new String(codec.toBytes(internal, t), StandardCharsets.UTF_8);
        assertThat(sql).as("internal text of %s", sqlType).isEqualTo(java);
        return sql;
    }

    /** Reads a text both ways; asserts the values are the same and returns the external one. */
    private static Object sameValue(String sqlType, String json) {
        LogicalType t = type(sqlType);
        ValueCodec codec = ValueKind.of(t).codec();
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        Object java = codec.fromBytes(bytes, t, Representation.JAVA);
        Object internal = codec.fromBytes(bytes, t, Representation.SQL_FUNCTION);
        Object back = converter(t).toExternalOrNull(internal);
        // Row's text is deep (arrays, maps, nested rows) and blind to array classes (Double[], Object[])
        assertThat(Row.of(back).toString())
                .as("internal value of %s", json)
                .isEqualTo(Row.of(java).toString());
        return java;
    }

    /** The message of a text that does not fit, both ways; asserts they are the same. */
    private static String sameError(String sqlType, String json) {
        LogicalType t = type(sqlType);
        ValueCodec codec = ValueKind.of(t).codec();
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        String java = message(() -> codec.fromBytes(bytes, t, Representation.JAVA));
        String sql = message(() -> codec.fromBytes(bytes, t, Representation.SQL_FUNCTION));
        assertThat(sql).isEqualTo(java);
        return sql;
    }

    private static String message(Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("no failure");
    }

    @Test
    void shouldWriteTheSameTextForEveryKind() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("k", 1);
        m.put("quote\"d", null);
        Map<Integer, String> im = new LinkedHashMap<>();
        im.put(1, "one");
        im.put(-2, null);
        assertThat(sameText(
                        "ROW<a INT, b STRING, c ARRAY<DOUBLE>, d MAP<STRING, INT>, e ROW<x BOOLEAN>>",
                        Row.of(7, "s", new Double[] {1.5, null, -0.0, Double.NaN, 1e300}, m, Row.of(true))))
                .isEqualTo("{\"a\":7,\"b\":\"s\",\"c\":[1.5,null,-0.0,\"NaN\",1.0E300],"
                        + "\"d\":{\"k\":1,\"quote\\\"d\":null},\"e\":{\"x\":true}}");
        sameText("ROW<a INT, b STRING>", Row.of(null, null));
        sameText(
                "ROW<s SMALLINT, t TINYINT, b BIGINT, f FLOAT, y BYTES, d DATE, tm TIME(3), l TIMESTAMP_LTZ(6)>",
                Row.of(
                        (short) -3,
                        (byte) 7,
                        Long.MIN_VALUE,
                        1.25f,
                        new byte[] {1, 2, 3},
                        LocalDate.of(2024, 2, 29),
                        LocalTime.of(23, 59, 58, 123_000_000),
                        Instant.parse("1969-12-31T23:59:59.999999Z")));
        sameText("MAP<INT, STRING>", im);
        sameText("ARRAY<INT NOT NULL>", new Integer[] {1, -2, Integer.MAX_VALUE});
        sameText("ARRAY<ARRAY<STRING>>", new String[][] {{"a", null}, null, {}});
        sameText("MULTISET<STRING>", Map.of("x", 2));
        sameText("DECIMAL(10, 2)", new BigDecimal("-12345678.91"));
        sameText("TIMESTAMP(9)", LocalDateTime.of(2024, 5, 1, 12, 30, 0, 1));
        sameText("TIME(0)", LocalTime.of(12, 30));
    }

    @Test
    void shouldEscapeStringsAsJavaStringsAre() {
        for (String s : new String[] {
            "", "plain", "a\"b\\c\n\r\t\b\f\u0001\u001f\u007f", "héllo wörld", "日本語", "emoji 😀🎉", "nul\u0000x"
        }) {
            sameText("ROW<s STRING>", Row.of(s));
            assertThat(sameValue("ROW<s STRING>", sameText("ROW<s STRING>", Row.of(s))))
                    .isEqualTo(Row.of(s));
        }
    }

    @Test
    void shouldWriteDoublesTheSameWayOnBothPaths() {
        Random r = new Random(7);
        Double[] xs = new Double[2000];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = switch (i % 4) {
                case 0 -> r.nextDouble() * 1000 - 500;
                case 1 -> Double.longBitsToDouble(r.nextLong());
                case 2 -> (double) r.nextInt(100_000) / 100;
                default -> r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
            };
        }
        String text = sameText("ARRAY<DOUBLE>", xs);
        sameValue("ARRAY<DOUBLE>", text);
        sameValue("ARRAY<DOUBLE NOT NULL>", text.replace("\"NaN\"", "0").replace("\"Infinity\"", "1"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0",
                "-0",
                "1",
                "-1",
                "0.5",
                "1e22",
                "1e23",
                "1E-22",
                "1e-23",
                "123456789012345",
                "1234567890123456",
                "9007199254740993",
                "0.1",
                "0.30000000000000004",
                "4.9E-324",
                "1.7976931348623157E308",
                "-2.5e+3",
                "1.0E10",
                "2.2250738585072014E-308",
                "123.456e-7",
                "100000000000000000000000"
            })
    void shouldReadDoublesExactly(String text) {
        assertThat(sameValue("ARRAY<DOUBLE>", "[" + text + "]")).isEqualTo(new Double[] {Double.valueOf(text)});
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ARRAY<DOUBLE> | [1.]",
                "ARRAY<DOUBLE> | [01]",
                "ARRAY<DOUBLE> | [-]",
                "ARRAY<DOUBLE> | [1e]",
                "ARRAY<DOUBLE> | [\"x\"]",
                "ARRAY<INT> | [1, 2.5]",
                "ARRAY<INT> | [1, 2147483648]",
                "ARRAY<INT> | [007]",
                "ARRAY<BIGINT> | [9223372036854775808]",
                "ARRAY<TINYINT> | [128]",
                "ARRAY<ROW<a INT NOT NULL>> | [{\"a\": 1}, {\"b\": 2}]",
                "ARRAY<ARRAY<ROW<a INT>>> | [[], [{\"a\": 1}, {\"a\": \"x\"}]]",
                "MAP<STRING, INT> | {\"k\": 1, \"bad\": true}",
                "MAP<INT, STRING> | [{\"key\": 1, \"value\": \"a\"}, {\"key\": \"two\"}]",
                "ROW<a ROW<b DECIMAL(3, 1)>> | {\"a\": {\"b\": 123.45}}",
                "ROW<t TIMESTAMP(3)> | {\"t\": \"2024-02-30T00:00\"}",
                "ROW<s STRING NOT NULL> | {\"s\": null}",
                "ROW<s STRING> | {\"s\": \"unterminated}",
                "ROW<s STRING> | {\"s\": \"a\"} x",
                "ROW<s STRING> | ''",
            })
    void shouldGiveTheSameMessages(String sqlType, String json) {
        assertThat(sameError(sqlType, json)).isNotEmpty();
    }

    @Test
    void shouldNameTheIndexOfAnElementThatDoesNotFit() {
        assertThat(sameError("ARRAY<ARRAY<ROW<a INT>>>", "[[], [{\"a\": 1}, {\"a\": \"x\"}]]"))
                .contains("$[1][1].a: expected an integer");
        assertThat(sameError("MAP<STRING, ROW<a INT>>", "{\"k\": {\"a\": false}}"))
                .contains("$.k.a:");
    }

    @Test
    void shouldReadTheSameValuesFromAnyText() {
        sameValue("ROW<a INT, b STRING>", " { \"b\" : \"x\\u00e9\\n\" , \"extra\": [1, {\"y\": null}], \"a\": -5 } ");
        sameValue("ROW<a INT, b STRING>", "{}");
        sameValue("ROW<a INT, b STRING>", "null");
        sameValue("ROW<\"na\"\"me\" INT, `b` STRING>", "{\"na\\\"me\": 3}");
        sameValue(
                "ARRAY<ROW<name STRING, score DOUBLE>>",
                "[{\"name\": \"a\", \"score\": 1}, null, {\"score\": \"NaN\"}]");
        sameValue("MAP<INT, STRING>", "[{\"value\": \"v\", \"key\": 2}, {\"key\": 3}]");
        sameValue("MAP<STRING, ARRAY<BIGINT NOT NULL>>", "{\"a\": [1, -9223372036854775808], \"b\": null}");
        sameValue(
                "ROW<d DECIMAL(10, 2), e DECIMAL(38, 10)>",
                "{\"d\": \"1.005\", \"e\": 12345678901234567890.1234567891}");
        sameValue(
                "ROW<t TIMESTAMP(6), l TIMESTAMP_LTZ(3), d DATE, tm TIME(3)>",
                "{\"t\": \"2024-02-29T23:59:58.123456\","
                        + " \"l\": \"2024-02-29T23:59:58.123Z\", \"d\": \"2024-01-01\", \"tm\": \"12:30:00.5\"}");
        sameValue("MULTISET<INT>", "[{\"key\": 1, \"value\": 2}]");
        sameValue("ARRAY<BYTES>", "[\"AAEC\", null]");
    }

    @Test
    void shouldWriteDecimalsAsBigDecimalDoes() {
        Random r = new Random(3);
        for (int i = 0; i < 2000; i++) {
            int precision = 1 + r.nextInt(38);
            int scale = r.nextInt(precision + 1);
            BigDecimal v = new BigDecimal(new java.math.BigInteger(precision * 3, r), scale);
            if (v.precision() > precision) {
                continue;
            }
            if (r.nextBoolean()) {
                v = v.negate();
            }
            String t = "DECIMAL(" + precision + ", " + scale + ")";
            assertThat(sameText(t, v)).isEqualTo(v.toString());
        }
        assertThat(sameText("DECIMAL(10, 8)", new BigDecimal("0.00000000"))).isEqualTo("0E-8");
        assertThat(sameText("DECIMAL(10, 7)", new BigDecimal("0.0000001"))).isEqualTo("1E-7");
        assertThat(sameText("DECIMAL(18, 0)", new BigDecimal("-999999999999999999")))
                .isEqualTo("-999999999999999999");
    }

    @Test
    void shouldWriteTimestampsAsLocalDateTimeDoes() {
        Random r = new Random(5);
        for (int i = 0; i < 5000; i++) {
            long seconds = r.nextLong() % (i % 2 == 0 ? 4_000_000_000L : 400_000_000_000L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> r.nextInt(1000) * 1_000_000;
                case 2 -> r.nextInt(1_000_000) * 1000;
                default -> r.nextInt(1_000_000_000);
            };
            LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, nanos, java.time.ZoneOffset.UTC);
            if (r.nextInt(3) == 0) {
                t = t.withSecond(0).withNano(0);
            }
            assertThat(sameText("TIMESTAMP(9)", t)).isEqualTo("\"" + t + "\"");
        }
    }

    @Test
    void shouldReadInternalClassesForSqlFunctions() {
        LogicalType t = type("ROW<a INT, b ARRAY<DOUBLE NOT NULL>>");
        Object v = ValueKind.ROW
                .codec()
                .fromBytes(
                        "{\"a\": 1, \"b\": [0.5, 2]}".getBytes(StandardCharsets.UTF_8), t, Representation.SQL_FUNCTION);
        assertThat(v).isInstanceOf(RowData.class);
        ArrayData b = ((RowData) v).getArray(1);
        assertThat(b.toDoubleArray()).containsExactly(0.5, 2.0);
        assertThat(ValueKind.ROW
                        .codec()
                        .sqlDataType(TypeConversions.fromLogicalToDataType(t))
                        .getConversionClass())
                .isEqualTo(RowData.class);
        assertThatThrownBy(() -> ValueKind.ROW
                        .codec()
                        .fromBytes("{\"a\": 1.5}".getBytes(StandardCharsets.UTF_8), t, Representation.SQL_FUNCTION))
                .hasMessageContaining("JSON that does not fit ROW<`a` INT, `b` ARRAY<DOUBLE NOT NULL>>: $.a:");
        // boxed elements are typed as Flink's own are, so the bulk accessors work
        ArrayData nullable = (ArrayData) ValueKind.ARRAY
                .codec()
                .fromBytes(
                        "[1.5, 2]".getBytes(StandardCharsets.UTF_8),
                        type("ARRAY<DOUBLE>"),
                        Representation.SQL_FUNCTION);
        assertThat(nullable.toDoubleArray()).containsExactly(1.5, 2.0);
        ArrayData strings = (ArrayData) ValueKind.ARRAY
                .codec()
                .fromBytes(
                        "[\"a\"]".getBytes(StandardCharsets.UTF_8), type("ARRAY<STRING>"), Representation.SQL_FUNCTION);
        assertThat(((org.apache.flink.table.data.GenericArrayData) strings).toObjectArray())
                .isInstanceOf(org.apache.flink.table.data.StringData[].class);
        Map<String, Integer> empty = new HashMap<>();
        sameText("MAP<STRING, INT>", empty);
    }

    /**
     * A row of numbers, BOOLEAN and STRING is read into Flink's binary row: the same values as the
     * Java path for every field kind, NULL, missing, unknown and repeated members, escapes, short
     * strings (kept in the fixed part) and long ones, and the same messages.
     */
    @Test
    void shouldReadRowsOfNumbersAndStringsAsBinaryRows() {
        String t = "ROW<ti TINYINT, si SMALLINT, i INT, b BIGINT, f FLOAT, d DOUBLE, z BOOLEAN, s STRING, c CHAR(3),"
                + " v VARCHAR(40)>";
        String full = "{\"ti\":-128,\"si\":32767,\"i\":-2147483648,\"b\":9223372036854775807,\"f\":1.5,"
                + "\"d\":\"NaN\",\"z\":true,\"s\":\"a string longer than a word\",\"c\":\"abc\","
                + "\"v\":\"\\u00e9\\ud83d\\ude00\\\"q\\n\"}";
        Object internal = ValueKind.ROW
                .codec()
                .fromBytes(full.getBytes(StandardCharsets.UTF_8), type(t), Representation.SQL_FUNCTION);
        assertThat(internal).isInstanceOf(org.apache.flink.table.data.binary.BinaryRowData.class);
        assertThat(((RowData) internal).getString(9).toString()).isEqualTo("\u00e9\ud83d\ude00\"q\n");
        assertThat(sameValue(t, full).toString())
                .isEqualTo(
                        "+I[-128, 32767, -2147483648, 9223372036854775807, 1.5, NaN, true, a string longer than a word, abc,"
                                + " \u00e9\ud83d\ude00\"q\n]");
        sameValue(t, "{\"i\":1,\"s\":null,\"x\":[1,{\"y\":\"}\"}],\"b\":null,\"d\":-0.0}");
        assertThat(sameValue(
                                t,
                                "{\"s\":\"first\",\"s\":null,\"i\":null,\"i\":5,\"v\":\"short\","
                                        + "\"v\":\"a value longer than one word\",\"z\":false,\"z\":null}")
                        .toString())
                .isEqualTo("+I[null, null, 5, null, null, null, null, null, null, a value longer than one word]");
        assertThat(sameValue(t, "{}").toString())
                .isEqualTo("+I[null, null, null, null, null, null, null, null, null, null]");
        sameValue(t, " { \"s\" : \"h\u00e9llo w\u00f6rld \u65e5\u672c\u8a9e \ud83d\ude00\" , \"c\" : \"\" } ");
        for (int n = 0; n <= 17; n++) { // strings of 0 to 7 bytes sit in the fixed part
            String v = "x".repeat(n);
            assertThat(sameValue(t, "{\"v\":\"" + v + "\",\"s\":\"" + v + "\"}").toString())
                    .endsWith(v + ", null, " + v + "]");
        }
        String notNull = "ROW<a INT NOT NULL, s STRING NOT NULL>";
        assertThat(sameError(notNull, "{\"a\":1}")).contains("$.s: null for the NOT NULL type STRING NOT NULL");
        assertThat(sameError(notNull, "{\"a\":null,\"s\":\"x\"}"))
                .contains("$.a: null for the NOT NULL type INT NOT NULL");
        assertThat(sameError(t, "{\"i\":\"x\"}")).contains("$.i: expected an integer");
        assertThat(sameError(t, "{\"ti\":128}")).contains("$.ti:");
        assertThat(sameError(t, "{\"s\":1}")).contains("$.s:");
        assertThat(sameError(t, "{\"s\":\"x\",}")).contains("not valid JSON");
        // a binary row nested in a generic row, in an array and in a map
        sameValue(
                "ROW<r ROW<a INT, s STRING>, l ARRAY<ROW<a INT, s STRING>>, m MAP<STRING, ROW<s STRING>>>",
                "{\"r\":{\"s\":\"in\"},\"l\":[{\"a\":1},null,{\"s\":\"a string longer than a word\"}],"
                        + "\"m\":{\"k\":{\"s\":\"v\"}}}");
    }

    @Test
    void shouldWriteIntegersAsLongToStringDoes() {
        Random random = new Random(12);
        JsonWriter out = new JsonWriter();
        long[] edges = {
            0,
            9,
            10,
            99,
            100,
            -1,
            -10,
            Integer.MAX_VALUE,
            Integer.MIN_VALUE,
            2147483648L,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            Long.MIN_VALUE + 1,
            999_999_999_999_999_999L,
            1_000_000_000_000_000_000L
        };
        for (int k = 0; k < 20_000; k++) {
            long v = k < edges.length
                    ? edges[k]
                    : k % 3 == 0
                            ? random.nextLong()
                            : k % 3 == 1 ? random.nextInt() : random.nextLong() >> random.nextInt(64);
            out.reset();
            out.number(v);
            assertThat(new String(out.buffer(), 0, out.length(), StandardCharsets.US_ASCII))
                    .isEqualTo(Long.toString(v));
        }
    }

    /** The scans that skip eight bytes at a time find a byte to escape at any place in a string. */
    @Test
    void shouldFindEscapesAtEveryPlace() {
        for (String special :
                new String[] {"\"", "\\", "\n", "\u0001", "\u001f", " ", "\u007f", "\u00e9", "\ud83d\ude00"}) {
            for (int p = 0; p <= 24; p++) {
                String s = "abcdefghijklmnopqrstuvwxyz".substring(0, p) + special + "0123456789".substring(0, p % 10);
                String text = sameText("ROW<s STRING>", Row.of(s));
                assertThat(text)
                        .isEqualTo(new String(Json.encode(type("ROW<s STRING>"), Row.of(s)), StandardCharsets.UTF_8));
                assertThat(sameValue("ROW<s STRING>", text)).isEqualTo(Row.of(s));
                assertThat(sameValue(
                                "ROW<s STRING, a ARRAY<STRING>>",
                                "{\"a\":[" + text.substring(5, text.length() - 1) + "]}"))
                        .isEqualTo(Row.of(null, new String[] {s}));
            }
        }
    }
}
