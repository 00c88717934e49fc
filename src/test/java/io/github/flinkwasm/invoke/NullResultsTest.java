package io.github.flinkwasm.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkwasm.PluginException;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.testing.CountingMetrics;
import io.github.flinkwasm.testing.TestPlugins;
import io.github.flinkwasm.types.Representation;
import java.nio.file.Path;
import org.apache.flink.table.data.StringData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SQL NULL from a guest: a packed -1 for memory results, the manifest's null_result for numbers. */
class NullResultsTest {
    @TempDir
    Path dir;

    private Plugin load(String functions) {
        return PluginLoader.load(TestPlugins.manifest(dir, "nulls", "nulls", "", functions));
    }

    private FunctionInvoker open(String functions, Representation representation) {
        return FunctionInvoker.open(load(functions), "f", new CountingMetrics(), representation);
    }

    @Test
    void shouldReadAPackedMinusOneAsNull() {
        String string =
                "[{\"name\": \"f\", \"export\": \"null_if_empty\", \"params\": [\"STRING\"], \"returns\": \"STRING\"}]";
        try (FunctionInvoker f = open(string, Representation.SQL_FUNCTION)) {
            assertThat(f.invoke(StringData.fromString(""))).isNull();
            assertThat(f.invoke(StringData.fromString("x"))).isEqualTo(StringData.fromString("x"));
        }
        String bytes = string.replace("\"STRING\"", "\"BYTES\"");
        try (FunctionInvoker f = open(bytes, Representation.JAVA)) {
            assertThat(f.invoke((Object) new byte[0])).isNull();
            assertThat(f.invoke((Object) new byte[] {7})).isEqualTo(new byte[] {7});
        }
        String json = "[{\"name\": \"f\", \"export\": \"null_if_empty\", \"params\": [\"STRING\"], "
                + "\"returns\": \"ROW<a INT>\"}]";
        try (FunctionInvoker f = open(json, Representation.JAVA)) {
            assertThat(f.invoke("")).isNull();
            assertThat(f.invoke("{\"a\": 1}")).isEqualTo(org.apache.flink.types.Row.of(1));
        }
        try (FunctionInvoker f = open(json, Representation.SQL_FUNCTION)) { // Flink's internal data
            assertThat(f.invoke(StringData.fromString(""))).isNull();
            org.apache.flink.table.data.RowData row =
                    (org.apache.flink.table.data.RowData) f.invoke(StringData.fromString("{\"a\": 1}"));
            assertThat(row.getArity()).isEqualTo(1);
            assertThat(row.getInt(0)).isEqualTo(1);
        }
    }

    @Test
    void shouldReadTheManifestsNullResultAsNull() {
        try (FunctionInvoker f = open(
                "[{\"name\": \"f\", \"export\": \"id_i32\", \"params\": [\"INT\"], \"returns\": \"INT\", \"null_result\": -1}]",
                Representation.SQL_FUNCTION)) {
            assertThat(f.invoke(-1)).isNull();
            assertThat(f.invoke(5)).isEqualTo(5);
            assertThat(f.invoke((Object[]) new Integer[] {-1})).isNull(); // the Object... form too
        }
        try (FunctionInvoker f = open(
                "[{\"name\": \"f\", \"export\": \"id_i32\", \"params\": [\"SMALLINT\"], \"returns\": \"SMALLINT\", \"null_result\": -1}]",
                Representation.JAVA)) {
            assertThat(f.invoke((short) -1)).isNull();
            assertThat(f.invoke((short) 3)).isEqualTo((short) 3);
        }
        try (FunctionInvoker f = open(
                "[{\"name\": \"f\", \"export\": \"id_i64\", \"params\": [\"BIGINT\"], \"returns\": \"BIGINT\", \"null_result\": 0}]",
                Representation.JAVA)) {
            assertThat(f.invoke(0L)).isNull();
            assertThat(f.invoke(Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
        }
        try (FunctionInvoker f = open(
                "[{\"name\": \"f\", \"export\": \"id_f32\", \"params\": [\"FLOAT\"], \"returns\": \"FLOAT\", \"null_result\": 1.5}]",
                Representation.JAVA)) {
            assertThat(f.invoke(1.5f)).isNull();
            assertThat(f.invoke(2.5f)).isEqualTo(2.5f);
        }
        try (FunctionInvoker f = open(
                "[{\"name\": \"f\", \"export\": \"div_f64\", \"params\": [\"DOUBLE\", \"DOUBLE\"], \"returns\": \"DOUBLE\", "
                        + "\"null_result\": \"NaN\"}]",
                Representation.JAVA)) {
            assertThat(f.invoke(0.0, 0.0)).isNull();
            assertThat(f.invoke(1.0, 2.0)).isEqualTo(0.5);
            assertThat(f.invoke(1.0, 0.0)).isEqualTo(Double.POSITIVE_INFINITY);
        }
        // without null_result every number is a value
        try (FunctionInvoker f = open(
                "[{\"name\": \"f\", \"export\": \"id_i32\", \"params\": [\"INT\"], \"returns\": \"INT\"}]",
                Representation.JAVA)) {
            assertThat(f.invoke(-1)).isEqualTo(-1);
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "null_if_empty | [\"STRING\"] | STRING | -1 | a STRING result is NULL when the guest returns -1",
                "id_i32 | [\"INT\"] | INT | \"NaN\" | \"NaN\" is for FLOAT and DOUBLE results",
                "id_i32 | [\"INT\"] | INT | 1.5 | expected an integer from -2147483648 to 2147483647 (the guest returns INT as i32), found 1.5",
                "id_i32 | [\"INT\"] | INT | 4294967295 | found 4294967295",
                "id_i32 | [\"INT\"] | INT | \"-1\" | expected the number result that stands for NULL (such as -1)",
            })
    void shouldExplainABadNullResult(String export, String params, String returns, String value, String message) {
        assertThatThrownBy(() -> load("[{\"name\": \"f\", \"export\": \"" + export + "\", \"params\": " + params
                        + ", \"returns\": \"" + returns + "\", \"null_result\": " + value + "}]"))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("functions[0].null_result")
                .hasMessageContaining(message);
    }
}
