package io.github.flinkwasm.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkwasm.testing.FlinkTests;
import io.github.flinkwasm.testing.TestPlugins;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Metrics of WebAssembly functions on a MiniCluster with two subtasks, read from the reporter. */
class MetricsITCase {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = FlinkTests.miniCluster(REPORTER);

    @TempDir
    Path dir;

    @Test
    void shouldCountCallsErrorsNullsTimeoutsAndRestartsPerSubtask() throws Exception {
        String traps = TestPlugins.manifest(
                dir,
                "traps",
                "traps",
                "",
                "[{\"name\": \"positive\", \"export\": "
                        + "\"check\", \"params\": [\"INT\"], \"returns\": \"INT\", \"on_error\": \"null\"}]");
        String loops = TestPlugins.manifest(
                dir,
                "loops",
                "loops",
                "\"timeout_ms\": 100",
                "[{\"name\": \"busy\", " + "\"params\": [\"INT\"], \"returns\": \"INT\", \"on_error\": \"null\"}]");
        TableEnvironment tEnv = FlinkTests.tableEnv();
        tEnv.executeSql("LOAD MODULE wasm WITH ('plugins' = '" + traps + "," + loops + "')");
        FlinkTests.sequence(tEnv, "numbers", 300);

        // 30 negative arguments trap; 3 rows spin past the timeout
        TableResult result = tEnv.executeSql(
                "SELECT n, positive(n - 31), busy(CASE WHEN n % 100 = 0 THEN 100000 " + "ELSE 0 END) FROM numbers");
        List<Row> rows = FlinkTests.collect(result);
        assertThat(rows).hasSize(300);
        assertThat(rows).filteredOn(r -> r.getField(1) == null).hasSize(30);
        assertThat(rows).filteredOn(r -> r.getField(2) == null).hasSize(3);

        JobID job = result.getJobClient().get().getJobID();
        Map<Integer, Long> calls =
                FlinkTests.countersBySubtask(REPORTER, job, "traps", "positive", WasmFunctionMetrics.CALLS);
        assertThat(calls.keySet()).containsExactly(0, 1);
        assertThat(sum(calls)).isEqualTo(300);
        assertThat(sum(FlinkTests.countersBySubtask(REPORTER, job, "traps", "positive", WasmFunctionMetrics.ERRORS)))
                .isEqualTo(30);
        assertThat(sum(FlinkTests.countersBySubtask(
                        REPORTER, job, "traps", "positive", WasmFunctionMetrics.NULL_RESULTS)))
                .isEqualTo(30);
        assertThat(sum(FlinkTests.countersBySubtask(
                        REPORTER, job, "traps", "positive", WasmFunctionMetrics.INSTANCE_RESTARTS)))
                .isEqualTo(30);
        assertThat(sum(FlinkTests.countersBySubtask(REPORTER, job, "loops", "busy", WasmFunctionMetrics.TIMEOUTS)))
                .isEqualTo(3);
        assertThat(sum(FlinkTests.countersBySubtask(REPORTER, job, "loops", "busy", WasmFunctionMetrics.CALLS)))
                .isEqualTo(300);
        assertThat(REPORTER.findMetrics(job, WasmFunctionMetrics.LATENCY_NANOS)).isNotEmpty();
        assertThat(REPORTER.findMetrics(job, WasmFunctionMetrics.MEMORY_PAGES)).isNotEmpty();
    }

    @Test
    void shouldFailTheJobNamingPluginFunctionCauseAndRow() {
        String traps = TestPlugins.manifest(
                dir,
                "traps",
                "traps",
                "",
                "[{\"name\": \"positive\", \"export\": " + "\"check\", \"params\": [\"INT\"], \"returns\": \"INT\"}]");
        TableEnvironment tEnv = FlinkTests.tableEnv();
        tEnv.executeSql("LOAD MODULE wasm WITH ('plugins' = '" + traps + "')");
        FlinkTests.sequence(tEnv, "numbers", 100);
        assertThatThrownBy(() -> FlinkTests.collect(tEnv.executeSql("SELECT positive(n - 50) FROM numbers")))
                .hasStackTraceContaining("plugin 'traps' function 'positive' (export 'check') failed on arguments (-")
                .hasStackTraceContaining("unreachable");
    }

    private static long sum(Map<Integer, Long> bySubtask) {
        return bySubtask.values().stream().mapToLong(Long::longValue).sum();
    }
}
