package io.github.flinkwasm.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Each kind's codec on its own: JSON both ways, the number bits, the kind of each SQL type. */
class CodecsTest {

    private static LogicalType type(String sql) {
        return LogicalTypeParser.parse(sql, CodecsTest.class.getClassLoader());
    }

    private static String json(String sqlType, Object value) {
        return new String(Json.encode(type(sqlType), value), StandardCharsets.UTF_8);
    }

    private static Object decode(String sqlType, String json) {
        return Json.decode(type(sqlType), json.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(ValueKind.class)
    void shouldGiveEveryKindItsOwnCodec(ValueKind kind) {
        assertThat(kind.codec().kind()).isEqualTo(kind);
        assertThat(ValueKind.supportedTypes()).contains(kind.name());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "INT | INT",
                "CHAR(3) | STRING",
                "VARBINARY(4) | BYTES",
                "DECIMAL(10, 2) | DECIMAL",
                "TIMESTAMP(3) | TIMESTAMP",
                "TIMESTAMP_LTZ(3) | TIMESTAMP_LTZ",
                "ROW<a INT, b ARRAY<MAP<STRING, DATE>>> | ROW",
                "MULTISET<STRING> | MULTISET",
            })
    void shouldFindTheKindOfASqlType(String sqlType, ValueKind kind) {
        assertThat(ValueKind.of(type(sqlType))).isEqualTo(kind);
    }

    @Test
    void shouldRefuseTypesThatCannotCrossEvenWhenNested() {
        assertThat(ValueKind.of(type("INTERVAL DAY"))).isNull();
        assertThat(ValueKind.of(type("ROW<a INT, b INTERVAL DAY>"))).isNull();
        assertThat(ValueKind.of(type("ARRAY<ROW<x INTERVAL YEAR>>"))).isNull();
    }

    @Test
    void shouldEncodeNumbersAsTheirWasmBits() {
        assertThat(Numbers.bits(ValueKind.INT, -1)).isEqualTo(-1L);
        assertThat(Numbers.bits(ValueKind.BOOLEAN, true)).isEqualTo(1L);
        assertThat(Numbers.bits(ValueKind.FLOAT, 1.5f)).isEqualTo(Float.floatToRawIntBits(1.5f) & 0xFFFFFFFFL);
        assertThat(Numbers.bits(ValueKind.DATE, LocalDate.of(1970, 1, 11))).isEqualTo(10L);
        assertThat(Numbers.bits(ValueKind.DATE, 10)).isEqualTo(10L);
        assertThat(Numbers.value(ValueKind.DATE, 10, Representation.JAVA)).isEqualTo(LocalDate.of(1970, 1, 11));
        assertThat(Numbers.value(ValueKind.DATE, 10, Representation.SQL_FUNCTION))
                .isEqualTo(10);
        assertThat(Numbers.value(ValueKind.TINYINT, 0xFF, Representation.JAVA)).isEqualTo((byte) -1);
        assertThat(Numbers.value(ValueKind.DOUBLE, Double.doubleToRawLongBits(2.5), Representation.JAVA))
                .isEqualTo(2.5);
        assertThatThrownBy(() -> Numbers.bits(ValueKind.STRING, "x")).hasMessageContaining("linear memory");
    }

    @Test
    void shouldReadMemoryKindsFromBytes() {
        byte[] hi = "hé".getBytes(StandardCharsets.UTF_8);
        LogicalType string = type("STRING");
        assertThat(ValueKind.STRING.codec().fromBytes(hi, string, Representation.JAVA))
                .isEqualTo("hé");
        assertThat(ValueKind.STRING.codec().fromBytes(hi, string, Representation.SQL_FUNCTION))
                .isEqualTo(StringData.fromString("hé"));
        assertThatThrownBy(
                        () -> ValueKind.STRING.codec().fromBytes(new byte[] {(byte) 0xC3}, string, Representation.JAVA))
                .hasMessageContaining("not valid UTF-8")
                .hasMessageNotContaining("Input length");
        LogicalType array = type("ARRAY<ROW<a INT>>");
        Object rows = ValueKind.ARRAY
                .codec()
                .fromBytes("[{\"a\": 1}, {\"a\": 2}]".getBytes(StandardCharsets.UTF_8), array, Representation.JAVA);
        assertThat((Object[]) rows).containsExactly(Row.of(1), Row.of(2));
        assertThat(ValueKind.ARRAY.codec().toBytes(rows, array))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("[{\"a\":1},{\"a\":2}]");
    }

    @Test
    void shouldWriteEveryTypeAsJson() {
        assertThat(json("INT", 42)).isEqualTo("42");
        assertThat(json("DOUBLE", 1.5)).isEqualTo("1.5");
        assertThat(json("DOUBLE", Double.NaN)).isEqualTo("\"NaN\"");
        assertThat(json("FLOAT", Float.NEGATIVE_INFINITY)).isEqualTo("\"-Infinity\"");
        assertThat(json("BOOLEAN", true)).isEqualTo("true");
        assertThat(json("STRING", "a\"b\\c\n\u0001é😀")).isEqualTo("\"a\\\"b\\\\c\\n\\u0001é😀\"");
        assertThat(json("BYTES", new byte[] {1, 2, 3})).isEqualTo("\"AQID\"");
        assertThat(json("DECIMAL(5, 2)", new BigDecimal("1.50"))).isEqualTo("1.50");
        assertThat(json("DATE", LocalDate.of(2024, 5, 1))).isEqualTo("\"2024-05-01\"");
        assertThat(json("TIME(1)", LocalTime.of(12, 30, 0, 500_000_000))).isEqualTo("\"12:30:00.500\"");
        assertThat(json("TIMESTAMP(3)", LocalDateTime.of(2024, 5, 1, 12, 30))).isEqualTo("\"2024-05-01T12:30\"");
        assertThat(json("TIMESTAMP_LTZ(3)", Instant.EPOCH)).isEqualTo("\"1970-01-01T00:00:00Z\"");
        assertThat(json("ROW<a INT, b ARRAY<STRING>>", Row.of(1, new String[] {"x", null})))
                .isEqualTo("{\"a\":1,\"b\":[\"x\",null]}");
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(1, "one");
        assertThat(json("MAP<INT, STRING>", m)).isEqualTo("[{\"key\":1,\"value\":\"one\"}]");
        assertThat(json("MAP<STRING, INT>", Map.of("k", 2))).isEqualTo("{\"k\":2}");
        assertThat(json("MULTISET<STRING>", Map.of("a", 2))).isEqualTo("{\"a\":2}");
    }

    @Test
    void shouldReadWhatItWrites() {
        String t = "ROW<s STRING, n BIGINT, d DOUBLE, a ARRAY<INT NOT NULL>, m MAP<STRING, ROW<x BOOLEAN>>, "
                + "ts TIMESTAMP(3), amount DECIMAL(4, 1), blob BYTES>";
        Map<String, Row> m = new LinkedHashMap<>();
        m.put("k", Row.of(true));
        Row row = Row.of(
                "tab\there \"q\" ü 😀",
                -7L,
                -0.25,
                new int[] {1, 2},
                m,
                LocalDateTime.of(2024, 2, 29, 0, 0, 0, 1_000_000),
                new BigDecimal("12.5"),
                new byte[] {9});
        Object back = decode(t, json(t, row));
        assertThat(json(t, back)).isEqualTo(json(t, row));
        // the array class is Flink's default for the type, as a SQL function must return it
        assertThat(((Row) back).getField(3).getClass())
                .isEqualTo(org.apache.flink.table.types.utils.TypeConversions.fromLogicalToDataType(
                                type("ARRAY<INT NOT NULL>"))
                        .getConversionClass());
    }

    @Test
    void shouldReadJsonLeniently() {
        assertThat(decode("ROW<a INT, b STRING>", " { \"z\" : [1, {\"y\": null}], \"a\" : 5 } "))
                .isEqualTo(Row.of(5, null));
        assertThat(decode("STRING", "\"\\u00e9\\n\\ud83d\\ude00\"")).isEqualTo("é\n😀");
        assertThat(decode("DECIMAL(4, 2)", "\"1.005\"")).isEqualTo(new BigDecimal("1.01"));
        assertThat(decode("DOUBLE", "\"Infinity\"")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(decode("ARRAY<INT>", "[]")).isEqualTo(new Integer[0]);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "INT | 1.5 | $: expected an integer, found 1.5",
                "TINYINT | 300 | $: 300 is out of range [-128, 127]",
                "ROW<a INT> | {\"a\": \"five\"} | $.a: expected an integer, found \"five\"",
                "ARRAY<DOUBLE> | [1, \"x\"] | $[1]: expected a number, found \"x\"",
                "ROW<a INT NOT NULL> | {} | $.a: null for the NOT NULL type INT NOT NULL",
                "DATE | \"2024-13-01\" | $: expected a date string, found \"2024-13-01\"",
                "DECIMAL(3, 1) | 1234 | does not fit DECIMAL(3, 1)",
                "ROW<a INT> | {\"a\": 1 | not valid JSON",
                "ROW<a INT> | {\"a\": 1} x | not valid JSON: unexpected text after the value",
                "ARRAY<INT> | [1 2] | not valid JSON: expected ','",
                "INT | 01 | not valid JSON: bad number",
                "BOOLEAN | tru | not valid JSON",
                "ROW<a BOOLEAN> | {\"a\": fals} | not valid JSON",
                "INT | true | $: expected an integer, found true",
                "STRING | ` ` | is empty",
                "BYTES | \"%%\" | expected a base64 string",
            })
    void shouldSayWhereJsonDoesNotFit(String sqlType, String json, String message) {
        assertThatThrownBy(() -> decode(sqlType, json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void shouldBridgeSqlFunctionTypes() {
        var declared = org.apache.flink.table.api.DataTypes.STRING();
        assertThat(ValueKind.STRING.codec().sqlDataType(declared).getConversionClass())
                .isEqualTo(StringData.class);
        assertThat(ValueKind.DATE
                        .codec()
                        .sqlDataType(org.apache.flink.table.api.DataTypes.DATE())
                        .getConversionClass())
                .isEqualTo(Integer.class);
        assertThat(ValueKind.INT.codec().javaTypeInformation(type("INT")).getTypeClass())
                .isEqualTo(Integer.class);
        assertThat(ValueKind.ROW.codec().javaTypeInformation(type("ROW<a INT>")).getTypeClass())
                .isEqualTo(Row.class);
    }

    /**
     * The DataStream type information of every kind is Flink's core one (no table runtime): it
     * describes the class of a decoded value and its serializer copies the value exactly.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "DECIMAL(10, 2) | 12.50",
                "TIME(3) | \"10:11:12.5\"",
                "TIMESTAMP(3) | \"2024-01-02T10:11:12.5\"",
                "TIMESTAMP_LTZ(3) | \"2024-01-02T10:11:12.5Z\"",
                "ROW<a INT, b STRING, c ROW<d DOUBLE>> | {\"a\": 1, \"b\": null, \"c\": {\"d\": 2.5}}",
                "ARRAY<INT> | [1, null, 3]",
                "ARRAY<INT NOT NULL> | [1, 2, 3]",
                "ARRAY<ARRAY<STRING>> | [[\"a\"], [], null]",
                "ARRAY<ROW<a BIGINT>> | [{\"a\": 7}]",
                "MAP<STRING, INT> | {\"a\": 1, \"b\": null}",
                "MULTISET<STRING> | {\"a\": 2}",
                "ROW<d DATE, t TIMESTAMP(3), m DECIMAL(4, 1)> | {\"d\": \"2024-01-02\", \"t\": \"2024-01-02T10:00:00\", \"m\": 1.5}",
            })
    @SuppressWarnings("unchecked")
    void shouldDescribeJavaValuesWithCoreTypeInformation(String sqlType, String json) throws Exception {
        LogicalType t = type(sqlType);
        Object value = decode(sqlType, json);
        TypeInformation<Object> info =
                (TypeInformation<Object>) ValueKind.of(t).codec().javaTypeInformation(t);
        assertThat(info.getClass().getName()).doesNotContain(".table.");
        assertThat(info.getTypeClass()).isAssignableFrom(value.getClass());
        TypeSerializer<Object> serializer = info.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        Object copy = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(json(sqlType, copy)).isEqualTo(json(sqlType, value));
    }
}
