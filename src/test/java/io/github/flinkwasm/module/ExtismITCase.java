package io.github.flinkwasm.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkwasm.metrics.WasmFunctionMetrics;
import io.github.flinkwasm.testing.FlinkTests;
import io.github.flinkwasm.testing.TestPlugins;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Unmodified Extism plugins as SQL functions through LOAD MODULE, on two parallel subtasks. */
class ExtismITCase {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = FlinkTests.miniCluster(REPORTER);

    private static final String SPIN =
            TestPlugins.ROOT.resolve("src/test/resources/extism/spin.json").toString();

    @Test
    void shouldRunExtismFunctionsWithVarsPerSubtask() throws Exception {
        TableEnvironment tEnv = FlinkTests.tableEnv();
        tEnv.executeSql("LOAD MODULE wasm WITH ('plugins' = '" + TestPlugins.sample("extism_sample") + "')");
        FlinkTests.sequence(tEnv, "numbers", 100);
        TableResult result = tEnv.executeSql("SELECT n, extism_greet(CAST(n AS STRING)), "
                + "extism_add(CAST(n AS BIGINT), 1000), count_vowels('hello world') FROM numbers");
        List<Row> rows = FlinkTests.collect(result);

        assertThat(rows).hasSize(100);
        Map<Integer, Integer> totals = new TreeMap<>();
        for (Row r : rows) {
            int n = (Integer) r.getField(0);
            assertThat(r.getField(1)).isEqualTo("Hello, " + n + "!");
            assertThat(r.getField(2)).isEqualTo(n + 1000L);
            Row vowels = (Row) r.getField(3);
            assertThat(vowels.getField(0)).isEqualTo(3);
            assertThat(vowels.getField(2)).isEqualTo("aeiouAEIOU");
            totals.merge((Integer) vowels.getField(1), 1, Integer::sum);
        }
        // each subtask's instance keeps its own running total: 3, 6, 9, ... on each of the two
        assertThat(totals.keySet()).allMatch(t -> t % 3 == 0);
        assertThat(totals.values()).allMatch(c -> c <= FlinkTests.PARALLELISM);
        int longer = totals.keySet().stream().mapToInt(t -> t / 3).max().orElseThrow();
        long shorter = totals.values().stream().filter(c -> c == 2).count();
        assertThat(longer + shorter).isEqualTo(100);

        Map<Integer, Long> calls = FlinkTests.countersBySubtask(
                REPORTER,
                result.getJobClient().get().getJobID(),
                "extism_sample",
                "count_vowels",
                WasmFunctionMetrics.CALLS);
        assertThat(calls.keySet()).containsExactly(0, 1);
        assertThat(calls.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(100);
    }

    @Test
    void shouldStopAnEndlessPluginAtItsTimeout() {
        TableEnvironment tEnv = FlinkTests.tableEnv();
        tEnv.executeSql("LOAD MODULE wasm WITH ('plugins' = '" + SPIN + "')");
        FlinkTests.sequence(tEnv, "few", 4);
        assertThatThrownBy(() -> FlinkTests.collect(tEnv.executeSql("SELECT spin(CAST(n AS STRING)) FROM few")))
                .hasStackTraceContaining("plugin 'extism_spin' function 'spin'")
                .hasStackTraceContaining("ran longer than vm_config.timeout_ms = 300 ms and was stopped");
    }
}
