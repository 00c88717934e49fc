package io.github.flinkwasm.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkwasm.PluginException;
import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.testing.CountingMetrics;
import io.github.flinkwasm.testing.LogCapture;
import io.github.flinkwasm.testing.TestPlugins;
import io.github.flinkwasm.types.Representation;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of value across the boundary, through guests that hand back what they get. */
class ValuesTest {
    @TempDir
    Path dir;

    private FunctionInvoker echo(String type) {
        return echo(type, false);
    }

    private FunctionInvoker echo(String type, boolean external) {
        Plugin p = PluginLoader.load(TestPlugins.manifest(
                dir,
                "values",
                "strings",
                "",
                "[{\"name\": \"f\", \"export\": \"echo\", \"params\": [\"" + type + "\"], \"returns\": \"" + type
                        + "\"}]"));
        return FunctionInvoker.open(
                p, "f", new CountingMetrics(), external ? Representation.JAVA : Representation.SQL_FUNCTION);
    }

    /**
     * A value of Java's classes through an echo both ways: as it is (DataStream, command line), and
     * as Flink's internal data (SQL functions; converted by Flink's own converters around the call).
     */
    private void roundTrip(String type, Object value) {
        try (FunctionInvoker f = echo(type, true)) {
            assertThat(Row.of(f.invoke(value)).toString())
                    .isEqualTo(Row.of(value).toString());
            assertThat(f.invoke(value)).isEqualTo(value);
        }
        DataType dataType = TypeConversions.fromLogicalToDataType(
                        LogicalTypeParser.parse(type, ValuesTest.class.getClassLoader()))
                .bridgedTo(value.getClass());
        DataStructureConverter<Object, Object> converter = DataStructureConverters.getConverter(dataType);
        converter.open(ValuesTest.class.getClassLoader());
        try (FunctionInvoker f = echo(type)) {
            Object back = converter.toExternal(f.invoke(converter.toInternal(value)));
            // Row's text is deep: arrays, maps and nested rows
            assertThat(Row.of(back).toString()).isEqualTo(Row.of(value).toString());
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "a",
                "hello, world",
                "héllo wörld",
                "日本語のテキスト",
                "emoji 😀🎉 four bytes",
                "nul\u0000inside\u0000",
                "İstanbul ß ﬁ"
            })
    void shouldPassStringsBothWays(String s) {
        try (FunctionInvoker f = echo("STRING")) {
            assertThat(f.invoke(StringData.fromString(s))).isEqualTo(StringData.fromString(s));
            assertThat(f.invoke(s)).isEqualTo(StringData.fromString(s)); // a plain String is accepted too
        }
        try (FunctionInvoker f = echo("STRING", true)) {
            assertThat(f.invoke(s)).isEqualTo(s);
        }
    }

    @Test
    void shouldPassOneMebibyteAndManyRowsWithoutGrowingMemory() {
        String big = "x".repeat(1 << 20) + "é";
        try (FunctionInvoker f = echo("STRING", true)) {
            assertThat(f.invoke(big)).isEqualTo(big);
            for (int i = 0; i < 20_000; i++) {
                assertThat(f.invoke("row " + i)).isEqualTo("row " + i);
            }
            assertThat(f.invoke(big)).isEqualTo(big);
        }
    }

    @Test
    void shouldPassBytesIncludingEveryByteValue() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        try (FunctionInvoker f = echo("BYTES")) {
            assertThat((byte[]) f.invoke((Object) all)).isEqualTo(all);
            assertThat((byte[]) f.invoke((Object) new byte[0])).isEmpty();
        }
    }

    @Test
    void shouldPassTwoStringArgumentsAndCountBytes() {
        Plugin p = PluginLoader.load(TestPlugins.manifest(
                dir,
                "values",
                "strings",
                "",
                "[{\"name\": \"concat\", \"params\": [\"STRING\", \"STRING\"], \"returns\": \"STRING\"},"
                        + "{\"name\": \"byte_len\", \"params\": [\"STRING\"], \"returns\": \"INT\"}]"));
        CountingMetrics metrics = new CountingMetrics();
        try (FunctionInvoker concat = FunctionInvoker.open(p, "concat", metrics, Representation.JAVA);
                FunctionInvoker len = FunctionInvoker.open(p, "byte_len", metrics, Representation.JAVA)) {
            assertThat(concat.invoke("flink ", "wasm 🦀")).isEqualTo("flink wasm 🦀");
            assertThat(len.invoke("héllo")).isEqualTo(6);
            assertThat(concat.invoke(null, "x")).isNull();
            assertThat(concat.invoke("x", null)).isNull();
            assertThat(metrics.calls).isEqualTo(2); // NULL arguments never reach the guest
        }
    }

    @Test
    void shouldPassRowsWithNestedNulls() {
        String type = "ROW<a INT, b STRING, c ARRAY<DOUBLE>, d MAP<STRING, INT>, e ROW<x BOOLEAN>>";
        Map<String, Integer> m = new HashMap<>();
        m.put("k", 1);
        m.put("n", null);
        roundTrip(type, Row.of(7, "s", new Double[] {1.5, null, -0.0}, m, Row.of(true)));
        roundTrip(type, Row.of(null, null, null, null, Row.of((Object) null)));
    }

    @Test
    void shouldPassDecimalsTimesArraysAndMaps() {
        roundTrip("DECIMAL(10, 2)", new BigDecimal("12345678.91"));
        roundTrip("TIMESTAMP(3)", LocalDateTime.of(2024, 2, 29, 23, 59, 58, 123_000_000));
        roundTrip("TIMESTAMP_LTZ(3)", Instant.parse("2024-02-29T23:59:58.123Z"));
        roundTrip("TIME(0)", LocalTime.of(12, 30));
        roundTrip(
                "ARRAY<ROW<name STRING, score DOUBLE>>", new Row[] {Row.of("a", 1.0), null, Row.of(null, Double.NaN)});
        Map<Integer, String> m = new HashMap<>();
        m.put(1, "one");
        m.put(2, null);
        roundTrip("MAP<INT, STRING>", m);
        roundTrip(
                "ROW<d DATE, t TIMESTAMP(6)>",
                Row.of(LocalDate.of(2024, 1, 1), LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000)));
    }

    @Test
    void shouldCheckEveryPointerTheGuestReturns() {
        Plugin p = PluginLoader.load(
                TestPlugins.manifest(
                        dir,
                        "values",
                        "strings",
                        "",
                        "[{\"name\": \"oob\", \"export\": \"out_of_bounds\", \"params\": [\"STRING\"], \"returns\": \"STRING\"},"
                                + "{\"name\": \"bad\", \"export\": \"bad_utf8\", \"params\": [\"STRING\"], \"returns\": \"STRING\"},"
                                + "{\"name\": \"raw\", \"export\": \"bad_utf8\", \"params\": [\"STRING\"], \"returns\": \"BYTES\"}]"));
        try (FunctionInvoker oob = FunctionInvoker.open(p, "oob", new CountingMetrics(), Representation.SQL_FUNCTION)) {
            assertThatThrownBy(() -> oob.invoke("x"))
                    .isInstanceOf(WasmCallException.class)
                    .hasMessageContaining("plugin 'values' function 'oob'")
                    .hasMessageContaining("outside linear memory");
        }
        try (FunctionInvoker bad = FunctionInvoker.open(p, "bad", new CountingMetrics(), Representation.SQL_FUNCTION)) {
            assertThatThrownBy(() -> bad.invoke("x")).hasMessageContaining("not valid UTF-8");
        }
        try (FunctionInvoker raw = FunctionInvoker.open(p, "raw", new CountingMetrics(), Representation.SQL_FUNCTION)) {
            assertThat((byte[]) raw.invoke("x")).containsExactly(0xff, 0xfe);
        }
    }

    @Test
    void shouldExplainAnAllocatorThatFails() {
        Plugin p = PluginLoader.load(TestPlugins.manifest(
                dir,
                "values",
                "alloc_fails",
                "",
                "[{\"name\": \"echo\", \"params\": [\"STRING\"], \"returns\": \"STRING\"}]"));
        try (FunctionInvoker f = FunctionInvoker.open(p, "echo", new CountingMetrics(), Representation.SQL_FUNCTION)) {
            assertThatThrownBy(() -> f.invoke("hello"))
                    .hasMessageContaining("plugin 'values' function 'echo'")
                    .hasMessageContaining("alloc(5) returned 0");
        }
    }

    /**
     * ROW results echoed by the guest: a row of numbers and strings (read into one array per
     * function when short, then into a BinaryRowData) and a row with an array of strings (views of a
     * fresh copy), short and long texts in turn, and text that is not UTF-8.
     */
    @Test
    void shouldReadRowResultsOfEveryLength() {
        Plugin p = PluginLoader.load(TestPlugins.manifest(
                dir,
                "values",
                "strings",
                "",
                "[{\"name\": \"flat\", \"export\": \"echo\", \"params\": [\"STRING\"], \"returns\": \"ROW<a INT, s STRING>\"},"
                        + " {\"name\": \"nested\", \"export\": \"echo\", \"params\": [\"STRING\"], \"returns\":"
                        + " \"ROW<s STRING, l ARRAY<STRING>>\"}]"));
        try (FunctionInvoker flat =
                        FunctionInvoker.open(p, "flat", new CountingMetrics(), Representation.SQL_FUNCTION);
                FunctionInvoker nested =
                        FunctionInvoker.open(p, "nested", new CountingMetrics(), Representation.SQL_FUNCTION)) {
            java.util.List<org.apache.flink.table.data.RowData> kept = new java.util.ArrayList<>();
            java.util.List<String> expected = new java.util.ArrayList<>();
            java.util.List<org.apache.flink.table.data.RowData> keptNested = new java.util.ArrayList<>();
            for (int n : new int[] {300, 3, 0, 250, 7, 1000, 16, 240}) {
                String s = (n + "\u00e9").repeat(n + 1).substring(0, n); // no two alike
                String json = "{\"a\": " + (n - 500) + ", \"s\": \"" + s + "\"}";
                kept.add((org.apache.flink.table.data.RowData) flat.invoke(StringData.fromString(json)));
                expected.add((n - 500) + "/" + s);
                org.apache.flink.table.data.RowData r = (org.apache.flink.table.data.RowData)
                        nested.invoke(StringData.fromString("{\"l\": [\"" + s + "\", null], \"s\": \"x" + s + "\"}"));
                assertThat(utf8(r.getString(0))).isEqualTo("x" + s);
                assertThat(utf8(r.getArray(1).getString(0))).isEqualTo(s);
                assertThat(r.getArray(1).isNullAt(1)).isTrue();
                keptNested.add(r);
            }
            // each result owns its bytes: none changed when later results were read
            for (int k = 0; k < kept.size(); k++) {
                assertThat(kept.get(k).getInt(0) + "/" + utf8(kept.get(k).getString(1)))
                        .isEqualTo(expected.get(k));
                assertThat(utf8(keptNested.get(k).getArray(1).getString(0)))
                        .isEqualTo(expected.get(k).substring(expected.get(k).indexOf('/') + 1));
            }
            // many rows, several blocks' worth, with failed rows between them: each keeps its values
            kept.clear();
            expected.clear();
            for (int k = 0; k < 600; k++) {
                int n = (k * 37) % 300;
                String s = (k + "-").repeat(n + 1).substring(0, n);
                if (k % 97 == 0) {
                    assertThatThrownBy(
                                    () -> flat.invoke(StringData.fromString("{\"a\": 1, \"s\": \"x\", \"a\": \"no\"}")))
                            .hasMessageContaining("$.a: expected an integer");
                }
                kept.add((org.apache.flink.table.data.RowData) flat.invoke(StringData.fromString(
                        k % 10 == 0 ? "{\"a\": " + k + "}" : "{\"s\": \"" + s + "\", \"a\": " + k + "}")));
                expected.add(k + "/" + (k % 10 == 0 ? "null" : s));
            }
            for (int k = 0; k < kept.size(); k++) {
                org.apache.flink.table.data.RowData r = kept.get(k);
                assertThat(r.getInt(0) + "/" + (r.isNullAt(1) ? "null" : utf8(r.getString(1))))
                        .isEqualTo(expected.get(k));
            }
            byte[] bad = "{\"a\": 1, \"s\": \"\u00ff\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThatThrownBy(() -> flat.invoke(StringData.fromBytes(bad)))
                    .hasMessageContaining("plugin 'values' function 'flat'")
                    .hasMessageContaining("not valid UTF-8 (18 bytes; byte 0xff at offset 15");
            assertThatThrownBy(() -> nested.invoke(StringData.fromBytes(bad))).hasMessageContaining("not valid UTF-8");
            org.apache.flink.table.data.RowData tiny =
                    (org.apache.flink.table.data.RowData) flat.invoke(StringData.fromString("{}"));
            assertThat(tiny.isNullAt(0) && tiny.isNullAt(1)).isTrue();
            assertThat(((org.apache.flink.table.data.RowData) flat.invoke(StringData.fromString("{\"a\":-7}")))
                            .getInt(0))
                    .isEqualTo(-7);
            assertThat(((org.apache.flink.table.data.RowData) flat.invoke(StringData.fromString("{\"s\": \"ok\"}")))
                            .getString(1)
                            .toString())
                    .isEqualTo("ok");
        }
    }

    /** The string's bytes as they are now (toString would keep the text of its first call). */
    private static String utf8(StringData s) {
        return new String(s.toBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void shouldRejectJsonThatDoesNotFitTheResultType() {
        Plugin p = PluginLoader.load(TestPlugins.manifest(
                dir,
                "values",
                "strings",
                "",
                "[{\"name\": \"f\", \"export\": \"echo\", \"params\": [\"STRING\"], \"returns\": \"ROW<a INT>\"}]"));
        try (FunctionInvoker f = FunctionInvoker.open(p, "f", new CountingMetrics(), Representation.SQL_FUNCTION)) {
            // SQL functions get RowData (a BinaryRowData for a row of numbers and strings)
            org.apache.flink.table.data.RowData row = (org.apache.flink.table.data.RowData) f.invoke("{\"a\": 5}");
            assertThat(row.getArity()).isEqualTo(1);
            assertThat(row.getInt(0)).isEqualTo(5);
            assertThatThrownBy(() -> f.invoke("{\"a\": \"five\"}")).hasMessageContaining("$.a: expected an integer");
            assertThatThrownBy(() -> f.invoke("not json")).hasMessageContaining("not valid JSON");
        }
    }

    @Test
    void shouldRequireAnAllocatorForStrings() {
        assertThatThrownBy(() -> PluginLoader.load(TestPlugins.manifest(
                        dir,
                        "values",
                        "loops",
                        "",
                        "[{\"name\": \"f\", \"export\": \"add\", \"params\": [\"STRING\"], \"returns\": \"INT\"}]")))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("functions[0]")
                .hasMessageContaining("through linear memory, so the module must export alloc (i32) -> i32");
    }

    /** config_get reads the manifest's config; log writes the guest's argument to the guest log. */
    @Test
    void shouldReadHostConfigAndLog() {
        Plugin with = PluginLoader.load(TestPlugins.manifest(
                dir,
                "hosted",
                "host_calls",
                "",
                "[{\"name\": \"greeting\", \"params\": [\"STRING\"], \"returns\": \"STRING\"}, "
                        + "{\"name\": \"missing_is_absent\", \"params\": [\"INT\"], \"returns\": \"BOOLEAN\"}],"
                        + " \"config\": {\"greeting\": \"merhaba dünya\"}"));
        try (LogCapture log = LogCapture.of("io.github.flinkwasm.guest");
                FunctionInvoker f = FunctionInvoker.open(with, "greeting", new CountingMetrics(), Representation.JAVA);
                FunctionInvoker m =
                        FunctionInvoker.open(with, "missing_is_absent", new CountingMetrics(), Representation.JAVA)) {
            assertThat(f.invoke("ignored ü")).isEqualTo("merhaba dünya");
            assertThat(m.invoke(0)).isEqualTo(true);
            assertThat(log.lines())
                    .containsExactly(
                            new LogCapture.Line("io.github.flinkwasm.guest", "INFO", "[hosted.greeting] ignored ü"));
        }
        Plugin without = PluginLoader.load(TestPlugins.manifest(
                dir,
                "hosted",
                "host_calls",
                "",
                "[{\"name\": \"greeting\", \"params\": [\"STRING\"], \"returns\": \"STRING\"}]"));
        try (FunctionInvoker f =
                FunctionInvoker.open(without, "greeting", new CountingMetrics(), Representation.JAVA)) {
            assertThat(f.invoke("echo me")).isEqualTo("echo me");
        }
    }
}
