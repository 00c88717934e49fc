package io.github.flinkwasm.cli;

import static org.apache.flink.table.api.Expressions.$;
import static org.apache.flink.table.api.Expressions.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.flinkwasm.datastream.WasmAggregate;
import io.github.flinkwasm.datastream.WasmFlatMapFunction;
import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.table.WasmAggregateFunction;
import io.github.flinkwasm.table.WasmTableFunction;
import io.github.flinkwasm.testing.FlinkTests;
import io.github.flinkwasm.testing.KindsPlugin;
import io.github.flinkwasm.testing.TestPlugins;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.EventTimeSessionWindows;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table and aggregate functions on every surface: LOAD MODULE, package + CREATE FUNCTION ...
 * USING JAR, the Table API, the DataStream API and the command line's call.
 */
class KindsSurfacesITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = FlinkTests.miniCluster(null);

    @TempDir
    static Path dir;

    static String manifest;

    @BeforeAll
    static void write() {
        manifest = KindsPlugin.manifest(dir);
    }

    private static Map<Object, Object> last(List<Row> changelog) {
        Map<Object, Object> out = new HashMap<>();
        for (Row r : changelog) {
            if (r.getKind() == RowKind.INSERT || r.getKind() == RowKind.UPDATE_AFTER) {
                out.put(r.getField(0), r.getField(1));
            } else {
                out.remove(r.getField(0));
            }
        }
        return out;
    }

    /** The checks a plugin written against SPEC section 7 must pass, on functions however registered. */
    private static void checkKinds(TableEnvironment tEnv) throws Exception {
        FlinkTests.sequence(tEnv, "numbers", 100_000);
        // a table function over 100,000 parallel rows
        List<Row> rows = FlinkTests.collect(tEnv.executeSql(
                "SELECT COUNT(*), SUM(CAST(i AS BIGINT)) FROM numbers, LATERAL TABLE(series(MOD(n, 3))) AS s(i)"));
        Row total = rows.get(rows.size() - 1);
        // n = 1 (mod 3) gives one row (i = 0), n = 2 (mod 3) two (i = 0, 1), n = 0 (mod 3) none
        assertThat(total.getField(0)).isEqualTo(33_334L + 2 * 33_333L);
        assertThat(total.getField(1)).isEqualTo(33_333L);
        // an aggregate with NULLs, over an updating input (retractions)
        rows = FlinkTests.collect(tEnv.executeSql("SELECT k2, sumsq(s) FROM (SELECT MOD(n, 5) AS k, MOD(n, 2) AS k2,"
                + " CAST(CASE WHEN MOD(n, 5) = 4 THEN NULL ELSE COUNT(*) END AS BIGINT) AS s FROM numbers"
                + " GROUP BY MOD(n, 5), MOD(n, 2)) GROUP BY k2"));
        assertThat(rows).anyMatch(r -> r.getKind() == RowKind.UPDATE_BEFORE);
        // 10,000 rows per (k, k2) pair; k = 4 is NULL and skipped: 4 pairs per k2
        assertThat(last(rows)).containsEntry(0, 4 * 10_000L * 10_000L).containsEntry(1, 4 * 10_000L * 10_000L);
        // the missing-retract planning error
        Throwable e = catchThrowable(() -> tEnv.executeSql("SELECT k2, sumsq_plain(s) FROM (SELECT MOD(n, 5) AS k,"
                        + " MOD(n, 2) AS k2, COUNT(*) AS s FROM numbers GROUP BY MOD(n, 5), MOD(n, 2)) GROUP BY k2")
                .await());
        assertThat(ExceptionUtils.stringifyException(e))
                .contains("Could not find an implementation method 'retract'")
                .contains("for function 'sumsq_plain'");
    }

    @Test
    void shouldServeKindsThroughLoadModule() throws Exception {
        TableEnvironment tEnv = FlinkTests.tableEnv();
        // the test plugin's 'split' has the name of Flink's SPLIT: the plugin's comes first
        tEnv.executeSql("LOAD MODULE wasm WITH ('plugins' = '" + manifest + "', 'override-built-ins' = 'true')");
        tEnv.executeSql("USE MODULES wasm, core");
        List<Row> functions = FlinkTests.collect(tEnv.executeSql("SHOW FUNCTIONS"));
        assertThat(functions).map(r -> r.getField(0)).contains("split", "split_pos", "sumsq", "count_str");
        checkKinds(tEnv);
    }

    @Test
    void shouldRunPackagedKindsWithCreateFunction() throws Exception {
        Path jar = dir.resolve("kinds-udf.jar");
        List<String> classes = PluginPackager.write(manifest, jar, null);
        assertThat(classes).contains("flinkwasm.udf.kinds.Series", "flinkwasm.udf.kinds.Sumsq");
        TableEnvironment tEnv = FlinkTests.tableEnv();
        for (String f : new String[] {"series", "sumsq", "sumsq_plain"}) {
            tEnv.executeSql("CREATE TEMPORARY FUNCTION " + f + " AS 'flinkwasm.udf.kinds." + PluginPackager.className(f)
                    + "' USING JAR '" + jar + "'");
        }
        checkKinds(tEnv);
    }

    @Test
    void shouldWorkFromTheTableApi() throws Exception {
        TableEnvironment tEnv = FlinkTests.tableEnv();
        tEnv.createTemporarySystemFunction("tokens", WasmTableFunction.of(TestPlugins.sample("kinds_rust"), "tokens"));
        tEnv.createTemporarySystemFunction(
                "approx_distinct", WasmAggregateFunction.of(TestPlugins.sample("kinds_c"), "c_approx_distinct"));
        List<Row> rows = FlinkTests.collect(tEnv.fromValues(Row.of(1, "a b a"), Row.of(2, "c"))
                .as("id", "line")
                .joinLateral(call("tokens", $("line")))
                .groupBy($("id"))
                .select($("id"), call("approx_distinct", $("token")).as("words"))
                .execute());
        assertThat(last(rows)).containsEntry(1, 2L).containsEntry(2, 1L);
    }

    @Test
    void shouldWorkFromTheDataStreamApi() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        // a table function as a flatMap
        DataStream<Row> tokens = env.fromData("to be", "or not to be")
                .flatMap(WasmFlatMapFunction.<String, Row>of(TestPlugins.sample("kinds_c"), "c_tokens"));
        List<String> words = new ArrayList<>();
        try (CloseableIterator<Row> it = tokens.executeAndCollect()) {
            it.forEachRemaining(r -> words.add(r.getField(0) + "@" + r.getField(1)));
        }
        assertThat(words).containsExactlyInAnyOrder("to@1", "be@2", "or@1", "not@2", "to@3", "be@4");

        // an aggregate in session windows, which merge as elements arrive
        WasmAggregate<Long, Long> sumsq = new WasmAggregate<>(PluginLoader.load(manifest), "sumsq");
        List<Long> events = new ArrayList<>(); // x is also the time in seconds; key x mod 3
        for (long t = 1; t <= 300; t++) {
            if (t % 100 < 60) {
                events.add(t);
            }
        }
        DataStream<Long> sums = env.fromData(events)
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<Long>forMonotonousTimestamps().withTimestampAssigner((x, ts) -> x * 1000))
                .keyBy(x -> x % 3)
                .window(EventTimeSessionWindows.withGap(Duration.ofSeconds(10)))
                .aggregate(sumsq, sumsq.accumulatorType(), sumsq.resultType());
        long total = 0;
        int windows = 0;
        try (CloseableIterator<Long> it = sums.executeAndCollect()) {
            while (it.hasNext()) {
                total += it.next();
                windows++;
            }
        }
        long expected = events.stream().mapToLong(x -> x * x).sum();
        assertThat(windows).isEqualTo(10); // 3 bursts x 3 keys, and t = 300 on its own
        assertThat(total).isEqualTo(expected);
    }

    @Test
    void shouldPrintRowsAndAggregatesFromTheCommandLine() throws Exception {
        CliRun run = CliRun.of("call", manifest, "split_pos", "'a bb'");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("ROW('a', 0)\nROW('bb', 1)\n");
        assertThat(CliRun.of("call", manifest, "split", "''").out()).isEqualTo("(no rows)\n");
        Path rows = dir.resolve("rows.txt");
        Files.writeString(rows, "3\n4\nNULL\n\n10\n");
        run = CliRun.of("call", manifest, "sumsq", "--rows", rows.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("125\n");
        run = CliRun.of("call", manifest, "sumsq", "3");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("is an aggregate: give its argument rows with --rows FILE");
        run = CliRun.of("inspect", manifest);
        assertThat(run.out())
                .contains("sumsq(BIGINT) -> BIGINT [aggregate, retract, merge]")
                .contains("exports sumsq_create, sumsq_accumulate, sumsq_retract, sumsq_merge, sumsq_result")
                .contains("split(STRING) -> STRING [table: one row per element]");
        run = CliRun.of("validate", manifest);
        assertThat(run.out()).contains("9 functions (4 table, 5 aggregate)");
    }
}
