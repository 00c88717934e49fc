package io.github.flinkwasm.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkwasm.metrics.WasmFunctionMetrics;
import io.github.flinkwasm.testing.FlinkTests;
import io.github.flinkwasm.testing.TestPlugins;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A query over a module whose start code never returns ends: it fails, or its rows get NULL. */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StartCodeITCase {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = FlinkTests.miniCluster(REPORTER);

    @TempDir
    Path dir;

    private TableEnvironment load(String module, String vmExtra, String onError) {
        String manifest = TestPlugins.manifest(
                dir,
                "guest",
                module,
                vmExtra,
                "[{\"name\": \"answer\", \"export\": \"one\", \"params\": [\"INT\"], \"returns\": \"INT\", \"on_error\": \""
                        + onError + "\"}]");
        TableEnvironment tEnv = FlinkTests.tableEnv();
        tEnv.executeSql("LOAD MODULE wasm WITH ('plugins' = '" + manifest + "')");
        FlinkTests.sequence(tEnv, "numbers", 50);
        return tEnv;
    }

    @Test
    void shouldFailTheTaskWithTheTimeoutOfTheStartFunctionWhenOnErrorIsFail() {
        TableEnvironment tEnv = load("start_loop", "\"timeout_ms\": 300", "fail");
        assertThatThrownBy(() -> FlinkTests.collect(tEnv.executeSql("SELECT n, answer(n) FROM numbers")))
                .hasStackTraceContaining("plugin 'guest' function 'answer' (export 'one'): the module's start code ran "
                        + "longer than vm_config.timeout_ms = 300 ms and was stopped")
                .hasStackTraceContaining("start function");
    }

    @Test
    void shouldGiveNullRowsWhenTheInitializeNeverReturnsAndOnErrorIsNull() throws Exception {
        TableEnvironment tEnv = load("init_loop", "\"timeout_ms\": 300, \"wasi\": true", "null");
        TableResult result = tEnv.executeSql("SELECT n, answer(n) FROM numbers");
        List<Row> rows = FlinkTests.collect(result);
        assertThat(rows).hasSize(50);
        assertThat(rows).allMatch(r -> r.getField(1) == null);
        var job = result.getJobClient().get().getJobID();
        Map<Integer, Long> nulls =
                FlinkTests.countersBySubtask(REPORTER, job, "guest", "answer", WasmFunctionMetrics.NULL_RESULTS);
        assertThat(nulls.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(50);
        // one attempt when each subtask opens, retried with backoff: far fewer timeouts than rows
        Map<Integer, Long> timeouts =
                FlinkTests.countersBySubtask(REPORTER, job, "guest", "answer", WasmFunctionMetrics.TIMEOUTS);
        assertThat(timeouts.values().stream().mapToLong(Long::longValue).sum()).isBetween(2L, 10L);
    }
}
