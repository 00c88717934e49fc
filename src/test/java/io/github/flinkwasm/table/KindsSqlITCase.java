package io.github.flinkwasm.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.testing.FlinkTests;
import io.github.flinkwasm.testing.KindsPlugin;
import io.github.flinkwasm.testing.SumSquares;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table and aggregate functions of a hand-written guest (src/test/wat/kinds.wat, no SDK) through
 * SQL on a MiniCluster with parallelism 2, each aggregate checked against the Java reference
 * {@link SumSquares} in the same query.
 */
class KindsSqlITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = FlinkTests.miniCluster(null);

    @TempDir
    static Path dir;

    static Plugin plugin;

    /** Pseudo-random x in [-1000, 1000] from n, NULL for every tenth n; k in 0..9; one second per n. */
    private static final String SOURCE_COLUMNS = "n INT, k AS MOD(n * 31, 10), x AS CASE WHEN MOD(n, 10) = 0 THEN"
            + " CAST(NULL AS BIGINT) ELSE CAST(MOD(n * 7919, 2001) - 1000 AS BIGINT) END,"
            + " ts AS TO_TIMESTAMP_LTZ(CAST(n AS BIGINT) * 1000, 3)";

    @BeforeAll
    static void load() {
        plugin = PluginLoader.load(KindsPlugin.manifest(dir));
    }

    private static TableEnvironment env(boolean streaming, int rows) {
        TableEnvironment tEnv =
                streaming ? FlinkTests.tableEnv() : TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.getConfig().set("parallelism.default", String.valueOf(FlinkTests.PARALLELISM));
        for (String f : new String[] {"split", "split_pos", "series", "series_null"}) {
            tEnv.createTemporarySystemFunction(f, new WasmTableFunction(plugin, f));
        }
        for (String f : new String[] {"sumsq", "sumsq_plain", "picky", "picky_null", "count_str"}) {
            tEnv.createTemporarySystemFunction(f, WasmAggregateFunction.of(plugin, f));
        }
        tEnv.createTemporarySystemFunction("ref_sumsq", SumSquares.class);
        tEnv.executeSql("CREATE TEMPORARY TABLE src (" + SOURCE_COLUMNS
                + (streaming ? ", WATERMARK FOR ts AS ts - INTERVAL '1' SECOND" : "")
                + ") WITH ('connector' = 'datagen', 'fields.n.kind' = 'sequence', 'fields.n.start' = '1',"
                + " 'fields.n.end' = '" + rows + "'" + (streaming ? "" : ", 'number-of-rows' = '" + rows + "'") + ")");
        return tEnv;
    }

    /** The final table of a changelog, by the first column. */
    private static Map<Object, Row> last(List<Row> changelog) {
        Map<Object, Row> out = new HashMap<>();
        for (Row r : changelog) {
            if (r.getKind() == RowKind.INSERT || r.getKind() == RowKind.UPDATE_AFTER) {
                out.put(r.getField(0), r);
            } else {
                out.remove(r.getField(0));
            }
        }
        return out;
    }

    private static void assertColumnsEqual(List<Row> rows, int a, int b) {
        assertThat(rows).isNotEmpty();
        for (Row r : rows) {
            assertThat(r.getField(a)).as("row %s", r).isEqualTo(r.getField(b));
        }
    }

    // ---- table functions

    @Test
    void shouldGiveOneRowPerElementInOrder() throws Exception {
        TableEnvironment tEnv = env(true, 1);
        List<Row> rows = FlinkTests.collect(tEnv.executeSql("SELECT id, word FROM (VALUES (1, 'a bb'), (2, ''),"
                + " (3, CAST(NULL AS STRING)), (4, 'x')) AS t(id, line), LATERAL TABLE(split(line)) AS s(word)"));
        assertThat(rows).map(Row::toString).containsExactlyInAnyOrder("+I[1, a]", "+I[1, bb]", "+I[4, x]");
        rows = FlinkTests.collect(tEnv.executeSql("SELECT id, token, pos FROM (VALUES (1, 'a bb c')) AS t(id, line)"
                + " CROSS JOIN LATERAL TABLE(split_pos(line))"));
        assertThat(rows).map(Row::toString).containsExactly("+I[1, a, 0]", "+I[1, bb, 1]", "+I[1, c, 2]");
        rows = FlinkTests.collect(tEnv.executeSql("SELECT id, token, pos FROM (VALUES (1, 'a'), (2, '')) AS t(id,"
                + " line) LEFT JOIN LATERAL TABLE(split_pos(line)) ON TRUE"));
        assertThat(rows).map(Row::toString).containsExactlyInAnyOrder("+I[1, a, 0]", "+I[2, null, null]");
    }

    @Test
    void shouldExpandParallelRows() throws Exception {
        TableEnvironment tEnv = env(true, 100_000);
        List<Row> rows = FlinkTests.collect(tEnv.executeSql(
                "SELECT COUNT(*), SUM(CAST(i AS BIGINT)) FROM src, LATERAL TABLE(series(MOD(n, 4))) AS s(i)"));
        // per 4 consecutive n: 0 + 1 + 2 + 3 rows, with i summing to 0 + 0 + 1 + 3
        Row total = last(rows).values().iterator().next();
        assertThat(total.getField(0)).isEqualTo(150_000L);
        assertThat(total.getField(1)).isEqualTo(100_000L);
    }

    @Test
    void shouldGiveNoRowForAFailedCallWhenOnErrorIsNull() throws Exception {
        TableEnvironment tEnv = env(true, 1);
        List<Row> rows = FlinkTests.collect(tEnv.executeSql(
                "SELECT v, i FROM (VALUES (2), (-1), (1)) AS t(v)," + " LATERAL TABLE(series_null(v)) AS s(i)"));
        assertThat(rows).map(Row::toString).containsExactlyInAnyOrder("+I[2, 0]", "+I[2, 1]", "+I[1, 0]");
        Throwable e = catchThrowable(() -> FlinkTests.collect(
                tEnv.executeSql("SELECT i FROM (VALUES (-1)) AS t(v), LATERAL TABLE(series(v)) AS s(i)")));
        assertThat(ExceptionUtils.stringifyException(e))
                .contains("plugin 'kinds' function 'series' (export 'series') failed on arguments (-1)");
    }

    // ---- aggregates

    @Test
    void shouldEqualTheJavaReferenceOverAnUpdatingInput() throws Exception {
        TableEnvironment tEnv = env(true, 3000);
        // the inner GROUP BY updates its rows as numbers arrive: the outer one gets retractions
        String sql = "SELECT k2, sumsq(s), ref_sumsq(s), COUNT(*) FROM (SELECT k, MOD(k, 3) AS k2, SUM(x) AS s"
                + " FROM src GROUP BY k) GROUP BY k2";
        List<Row> rows = FlinkTests.collect(tEnv.executeSql(sql));
        assertThat(rows).anyMatch(r -> r.getKind() == RowKind.UPDATE_BEFORE);
        Map<Object, Row> fin = last(rows);
        assertThat(fin).hasSize(3);
        assertColumnsEqual(List.copyOf(fin.values()), 1, 2);
        // batch gives the same table
        List<Row> batch = FlinkTests.collect(env(false, 3000).executeSql(sql));
        assertThat(batch).hasSize(3);
        for (Row b : batch) {
            assertThat(b.getField(1)).isEqualTo(fin.get(b.getField(0)).getField(1));
        }
    }

    @Test
    void shouldSkipNullsAndHandleDistinct() throws Exception {
        for (boolean streaming : new boolean[] {true, false}) {
            TableEnvironment tEnv = env(streaming, 2000);
            List<Row> rows = FlinkTests.collect(tEnv.executeSql("SELECT k, sumsq(x), ref_sumsq(x),"
                    + " sumsq(DISTINCT MOD(x, 7)), ref_sumsq(DISTINCT MOD(x, 7)), count_str(CAST(x AS STRING)),"
                    + " COUNT(x) FROM src GROUP BY k"));
            List<Row> fin = List.copyOf(last(rows).values());
            assertThat(fin).hasSize(10);
            assertColumnsEqual(fin, 1, 2);
            assertColumnsEqual(fin, 3, 4);
            assertColumnsEqual(fin, 5, 6);
        }
    }

    @Test
    void shouldWorkInOverWindows() throws Exception {
        TableEnvironment tEnv = env(true, 2000);
        // a bounded ROWS window takes rows back out with E_retract
        List<Row> rows = FlinkTests.collect(tEnv.executeSql("SELECT n, sumsq(x) OVER w, ref_sumsq(x) OVER w FROM src"
                + " WINDOW w AS (PARTITION BY k ORDER BY ts ROWS BETWEEN 3 PRECEDING AND CURRENT ROW)"));
        assertThat(rows).hasSize(2000);
        assertColumnsEqual(rows, 1, 2);
    }

    @Test
    void shouldWorkInWindowTvfs() throws Exception {
        TableEnvironment tEnv = env(true, 3000);
        tEnv.executeSql("CREATE TEMPORARY VIEW bursts AS SELECT * FROM src WHERE MOD(n, 100) < 50");
        for (String window : new String[] {
            "TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '10' SECONDS)",
            "HOP(TABLE src, DESCRIPTOR(ts), INTERVAL '5' SECONDS, INTERVAL '15' SECONDS)",
            "CUMULATE(TABLE src, DESCRIPTOR(ts), INTERVAL '5' SECONDS, INTERVAL '20' SECONDS)",
            // bursts of 50 s with 50 s pauses: sessions of about five rows per key, grown by merging
            "SESSION(TABLE bursts PARTITION BY k, DESCRIPTOR(ts), INTERVAL '25' SECONDS)"
        }) {
            List<Row> rows = FlinkTests.collect(tEnv.executeSql("SELECT window_start, window_end, k, sumsq(x),"
                    + " ref_sumsq(x) FROM " + window + " GROUP BY window_start, window_end, k"));
            assertThat(rows).as(window).hasSizeGreaterThan(10);
            assertColumnsEqual(rows, 3, 4);
        }
    }

    @Test
    void shouldAggregateInTwoPhases() throws Exception {
        TableEnvironment tEnv = env(true, 5000);
        tEnv.getConfig().set("table.exec.mini-batch.enabled", "true");
        tEnv.getConfig().set("table.exec.mini-batch.allow-latency", "100 ms");
        tEnv.getConfig().set("table.exec.mini-batch.size", "200");
        tEnv.getConfig().set("table.optimizer.agg-phase-strategy", "TWO_PHASE");
        String sql = "SELECT k, sumsq(x), ref_sumsq(x) FROM src GROUP BY k";
        // merge makes the local/global split possible
        assertThat(tEnv.explainSql(sql)).contains("LocalGroupAggregate").contains("GlobalGroupAggregate");
        List<Row> fin =
                List.copyOf(last(FlinkTests.collect(tEnv.executeSql(sql))).values());
        assertThat(fin).hasSize(10);
        assertColumnsEqual(fin, 1, 2);
        // without E_merge the planner keeps one phase, and the results still hold
        assertThat(tEnv.explainSql("SELECT k, sumsq_plain(x) FROM src GROUP BY k"))
                .doesNotContain("LocalGroupAggregate");
    }

    @Test
    void shouldFailWhenPlannedIfAQueryNeedsAMissingRetract() {
        TableEnvironment tEnv = env(true, 10);
        Throwable e = catchThrowable(() -> tEnv.executeSql("SELECT k2, sumsq_plain(s) FROM (SELECT k, MOD(k, 3) AS"
                        + " k2, SUM(x) AS s FROM src GROUP BY k) GROUP BY k2")
                .await());
        assertThat(ExceptionUtils.stringifyException(e))
                .contains("Could not find an implementation method 'retract' in class '"
                        + WasmAggregateFunction.class.getName() + "' for function 'sumsq_plain'");
    }

    @Test
    void shouldFollowOnErrorWhenAccumulateTraps() throws Exception {
        TableEnvironment tEnv = env(true, 100);
        // picky traps on negative x; with on_error = null those rows are skipped
        List<Row> rows = FlinkTests.collect(
                tEnv.executeSql("SELECT picky_null(x), ref_sumsq(CASE WHEN x >= 0 THEN" + " x END) FROM src"));
        Row fin = rows.get(rows.size() - 1);
        assertThat(fin.getField(0)).isEqualTo(fin.getField(1));
        Throwable e = catchThrowable(() -> FlinkTests.collect(tEnv.executeSql("SELECT picky(x) FROM src")));
        assertThat(ExceptionUtils.stringifyException(e))
                .contains("plugin 'kinds' aggregate function 'picky' failed on arguments (-")
                .contains("picky_accumulate");
    }
}
