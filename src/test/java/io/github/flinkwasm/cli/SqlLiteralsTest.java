package io.github.flinkwasm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlLiteralsTest {

    private static LogicalType type(String sql) {
        return LogicalTypeParser.parse(sql, SqlLiteralsTest.class.getClassLoader());
    }

    private static Object parse(String literal, String sqlType) {
        return SqlLiterals.parse(literal, type(sqlType));
    }

    @Test
    void shouldReadNumbersIntoTheParameterType() {
        assertThat(parse("42", "INT")).isEqualTo(42);
        assertThat(parse("-7", "BIGINT")).isEqualTo(-7L);
        assertThat(parse("1e3", "INT")).isEqualTo(1000);
        assertThat(parse("12", "SMALLINT")).isEqualTo((short) 12);
        assertThat(parse("-128", "TINYINT")).isEqualTo((byte) -128);
        assertThat(parse("3.5", "DOUBLE")).isEqualTo(3.5d);
        assertThat(parse("1e3", "FLOAT")).isEqualTo(1000f);
        assertThat(parse("1.25", "DECIMAL(5, 1)")).isEqualTo(new BigDecimal("1.3"));
        assertThat(parse("DECIMAL '1.5'", "DECIMAL(10, 2)")).isEqualTo(new BigDecimal("1.50"));
    }

    @Test
    void shouldReadStringsBytesBooleansAndNull() {
        assertThat(parse("'it''s'", "STRING")).isEqualTo("it's");
        assertThat(parse("X'0a0B'", "BYTES")).isEqualTo(new byte[] {10, 11});
        assertThat(parse("'ab'", "BYTES")).isEqualTo(new byte[] {'a', 'b'});
        assertThat(parse("true", "BOOLEAN")).isEqualTo(true);
        assertThat(parse("NULL", "STRING")).isNull();
    }

    @Test
    void shouldReadTemporalLiterals() {
        assertThat(parse("DATE '2024-01-01'", "DATE")).isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(parse("'2024-01-01'", "DATE")).isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(parse("TIME '10:00:01.5'", "TIME(3)")).isEqualTo(LocalTime.of(10, 0, 1, 500_000_000));
        assertThat(parse("TIMESTAMP '2024-01-01 10:00:00'", "TIMESTAMP(3)"))
                .isEqualTo(LocalDateTime.of(2024, 1, 1, 10, 0));
        assertThat(parse("TIMESTAMP_LTZ '2024-01-01 10:00:00'", "TIMESTAMP_LTZ(3)"))
                .isEqualTo(Instant.parse("2024-01-01T10:00:00Z"));
    }

    @Test
    void shouldReadConstructorsAndJsonForStructuredTypes() {
        Row row = (Row) parse("ROW('Firefox', 120)", "ROW<browser STRING, version INT>");
        assertThat(row).isEqualTo(Row.of("Firefox", 120));
        Row fromJson =
                (Row) parse("'{\"browser\": \"Firefox\", \"version\": 120}'", "ROW<browser STRING, version INT>");
        assertThat(fromJson).isEqualTo(Row.of("Firefox", 120));
        assertThat((Object[]) parse("ARRAY[1.0, 2.5]", "ARRAY<DOUBLE>")).containsExactly(1.0, 2.5);
        assertThat((Object[]) parse("'[1, 2]'", "ARRAY<INT>")).containsExactly(1, 2);
        Map<String, Integer> withNull = new HashMap<>();
        withNull.put("a", 1);
        withNull.put("b", null);
        assertThat(parse("MAP['a', 1, 'b', NULL]", "MAP<STRING, INT>")).isEqualTo(withNull);
        assertThat(parse("'{\"a\": 1}'", "MAP<STRING, INT>")).isEqualTo(Map.of("a", 1));
        assertThat(parse("MULTISET['x', 'x', 'y']", "MULTISET<STRING>")).isEqualTo(Map.of("x", 2, "y", 1));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "3.5           | INT            | expected INT, found the number 3.5",
                "3000000000    | INT            | expected an integer from -2147483648 to 2147483647",
                "'abc'         | INT            | expected INT, found the string 'abc'",
                "abc           | STRING         | is not a SQL literal (a string needs quotes: 'abc'",
                "42            | STRING         | write a quoted string",
                "'it           | STRING         | unterminated string literal",
                "X'abc'        | BYTES          | not an even number of hexadecimal digits",
                "DATE '2024-13-01' | DATE       | is not a valid date",
                "123.45        | DECIMAL(4, 2)  | it needs more than 4 digits",
                "ROW(1)        | ROW<a INT, b INT> | it has 1 fields, the type has 2",
                "ROW(1, 'x')   | ROW<a INT, b INT> | b: expected INT, found the string 'x'",
                "'{\"a\": \"x\"}' | ROW<a INT>  | the JSON string does not fit",
                "1 2           | INT            | unexpected text after the literal",
                "ROW(abc, 1)   | ROW<a STRING, b INT> | 'abc' is not a SQL literal (a string needs quotes: 'abc')",
            })
    void shouldExplainWhatDoesNotFit(String literal, String sqlType, String message) {
        assertThatThrownBy(() -> parse(literal, sqlType))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void shouldReadAnArgumentThatIsNotALiteralAsText() {
        assertThat(SqlLiterals.parseArgument("hello world", type("STRING"))).isEqualTo("hello world");
        assertThat(SqlLiterals.parseArgument("It's", type("STRING"))).isEqualTo("It's");
        assertThat(SqlLiterals.parseArgument("42", type("STRING"))).isEqualTo("42");
        assertThat(SqlLiterals.parseArgument("null", type("STRING"))).isNull();
        assertThat(SqlLiterals.parseArgument("ab", type("BYTES"))).isEqualTo(new byte[] {'a', 'b'});
        assertThat(SqlLiterals.parseArgument("X'0a'", type("BYTES"))).isEqualTo(new byte[] {10});
        assertThat(SqlLiterals.parseArgument("2024-01-01", type("DATE"))).isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(SqlLiterals.parseArgument("1.25", type("DECIMAL(5, 2)"))).isEqualTo(new BigDecimal("1.25"));
        assertThat((Object[]) SqlLiterals.parseArgument("[1, 2]", type("ARRAY<INT>")))
                .containsExactly(1, 2);
        assertThat(SqlLiterals.parseArgument("{\"a\": 1}", type("ROW<a INT>"))).isEqualTo(Row.of(1));
        assertThat(SqlLiterals.parseArgument("42", type("INT"))).isEqualTo(42);
        assertThatThrownBy(() -> SqlLiterals.parseArgument("yes", type("BOOLEAN")))
                .hasMessage("expected BOOLEAN, found the text yes: write TRUE or FALSE");
    }

    @Test
    void shouldSplitARowIntoFieldsAtCommasOutsideLiterals() {
        assertThat(SqlLiterals.splitFields("1, 'a,b', ROW(1, 'x'), ARRAY[1, 2], It's, \"c,\"\"d\""))
                .containsExactly("1", "'a,b'", "ROW(1, 'x')", "ARRAY[1, 2]", "It's", "c,\"d");
        assertThat(SqlLiterals.splitFields("2024-01-01,,x")).containsExactly("2024-01-01", "", "x");
        assertThat(SqlLiterals.splitFields("42 apples, 3")).containsExactly("42 apples", "3");
        assertThatThrownBy(() -> SqlLiterals.splitFields("\"open, 1"))
                .hasMessageContaining("a field opened with \" at column 1 is not closed");
    }

    @Test
    void shouldPrintValuesAsLiterals() {
        assertThat(SqlLiterals.format(42, type("INT"))).isEqualTo("42");
        assertThat(SqlLiterals.format(null, type("INT"))).isEqualTo("NULL");
        assertThat(SqlLiterals.format("it's", type("STRING"))).isEqualTo("'it''s'");
        assertThat(SqlLiterals.format(true, type("BOOLEAN"))).isEqualTo("TRUE");
        assertThat(SqlLiterals.format(new byte[] {10, 11}, type("BYTES"))).isEqualTo("X'0a0b'");
        assertThat(SqlLiterals.format(LocalDate.of(2024, 1, 1), type("DATE"))).isEqualTo("DATE '2024-01-01'");
        assertThat(SqlLiterals.format(LocalDateTime.of(2024, 1, 1, 10, 0), type("TIMESTAMP(3)")))
                .isEqualTo("TIMESTAMP '2024-01-01 10:00:00'");
        assertThat(SqlLiterals.format(new BigDecimal("1.50"), type("DECIMAL(10, 2)")))
                .isEqualTo("1.50");
        assertThat(SqlLiterals.format(Row.of("Firefox", "Linux"), type("ROW<b STRING, os STRING>")))
                .isEqualTo("ROW('Firefox', 'Linux')");
        assertThat(SqlLiterals.format(new Double[] {1.0, 2.0}, type("ARRAY<DOUBLE>")))
                .isEqualTo("ARRAY[1.0, 2.0]");
        assertThat(SqlLiterals.format(Double.NaN, type("DOUBLE"))).isEqualTo("CAST('NaN' AS DOUBLE)");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "-7                                  | BIGINT",
                "2.5E10                              | DOUBLE",
                "'a''b'                              | STRING",
                "X'00ff'                             | BYTES",
                "DATE '1969-12-31'                   | DATE",
                "TIME '23:59:59.125'                 | TIME(3)",
                "TIMESTAMP '2024-02-29 00:00:00.001' | TIMESTAMP(3)",
                "TIMESTAMP_LTZ '2024-01-01 10:00:00' | TIMESTAMP_LTZ(3)",
                "ROW('x', ARRAY[1, NULL], MAP['k', DATE '2024-01-01']) | ROW<s STRING, a ARRAY<INT>, m MAP<STRING, DATE>>",
            })
    void shouldReadWhatItPrints(String literal, String sqlType) {
        LogicalType t = type(sqlType);
        assertThat(SqlLiterals.format(SqlLiterals.parse(literal, t), t)).isEqualTo(literal);
    }
}
