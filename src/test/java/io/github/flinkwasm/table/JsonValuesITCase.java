package io.github.flinkwasm.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkwasm.testing.FlinkTests;
import io.github.flinkwasm.testing.TestPlugins;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSON kinds through Flink SQL on a MiniCluster: the functions take and return Flink's internal
 * data (RowData, ArrayData, MapData, DecimalData, TimestampData), and the planner's generated code
 * must hand them over and take them back unchanged, NULLs included.
 */
class JsonValuesITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = FlinkTests.miniCluster(null);

    @TempDir
    Path dir;

    @Test
    void shouldPassStructuredValuesThroughSql() throws Exception {
        String row = "ROW<a INT, b STRING, c ARRAY<DOUBLE>, d MAP<STRING, INT>, e ROW<x DECIMAL(10, 2)>>";
        String manifest = TestPlugins.manifest(
                dir,
                "json",
                "strings",
                "",
                "[{\"name\": \"echo_row\", \"export\": \"echo\", \"params\": [\"" + row + "\"], \"returns\": \"" + row
                        + "\"},"
                        + "{\"name\": \"echo_dec\", \"export\": \"echo\", \"params\": [\"DECIMAL(10, 2)\"], \"returns\": \"DECIMAL(10, 2)\"},"
                        + "{\"name\": \"echo_ts\", \"export\": \"echo\", \"params\": [\"TIMESTAMP(3)\"], \"returns\": \"TIMESTAMP(3)\"},"
                        + "{\"name\": \"echo_arr\", \"export\": \"echo\", \"params\": [\"ARRAY<STRING>\"], \"returns\": \"ARRAY<STRING>\"}]");
        TableEnvironment tEnv = FlinkTests.tableEnv();
        for (String f : List.of("echo_row", "echo_dec", "echo_ts", "echo_arr")) {
            tEnv.createTemporarySystemFunction(f, WasmScalarFunction.of(manifest, f));
        }
        FlinkTests.sequence(tEnv, "numbers", 20);
        List<Row> rows = FlinkTests.collect(tEnv.executeSql("SELECT n, "
                + "echo_row(CAST(ROW(n, CASE WHEN MOD(n, 3) = 0 THEN NULL ELSE 'v' || CAST(n AS STRING) END,"
                + " ARRAY[CAST(n AS DOUBLE) / 4, CAST(NULL AS DOUBLE)], MAP['k', n], ROW(CAST(n AS DECIMAL(10, 2)) / 8))"
                + " AS " + row + ")) AS r, "
                + "echo_dec(CAST(n AS DECIMAL(10, 2)) / 3) AS d, "
                + "echo_ts(TIMESTAMPADD(SECOND, n, TIMESTAMP '2024-02-29 23:59:58.123')) AS t, "
                + "echo_arr(ARRAY['x', CAST(n AS STRING), CAST(NULL AS STRING)]) AS a "
                + "FROM numbers"));
        assertThat(rows).hasSize(20);
        for (Row r : rows) {
            int n = (Integer) r.getField("n");
            Row echoed = (Row) r.getField("r");
            assertThat(echoed.getField(0)).isEqualTo(n);
            assertThat(echoed.getField(1)).isEqualTo(n % 3 == 0 ? null : "v" + n);
            assertThat((Double[]) echoed.getField(2)).containsExactly(n / 4.0, null);
            assertThat(echoed.getField(3)).isEqualTo(Map.of("k", n));
            assertThat(((BigDecimal) ((Row) echoed.getField(4)).getField(0)))
                    .isEqualByComparingTo(
                            new BigDecimal(n).divide(new BigDecimal(8), 2, java.math.RoundingMode.HALF_UP));
            assertThat((BigDecimal) r.getField("d"))
                    .isEqualByComparingTo(
                            new BigDecimal(n).divide(new BigDecimal(3), 2, java.math.RoundingMode.HALF_UP));
            assertThat(r.getField("t"))
                    .isEqualTo(LocalDateTime.of(2024, 2, 29, 23, 59, 58, 123_000_000)
                            .plusSeconds(n));
            assertThat((String[]) r.getField("a")).containsExactly("x", Integer.toString(n), null);
        }
    }
}
