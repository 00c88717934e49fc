package io.github.flinkwasm.module;

import static io.github.flinkwasm.testing.Fibonacci.fib;
import static io.github.flinkwasm.testing.Fibonacci.fibLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkwasm.engine.chicory.ChicoryEngine;
import io.github.flinkwasm.manifest.ExecutionMode;
import io.github.flinkwasm.metrics.WasmFunctionMetrics;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.testing.FlinkTests;
import io.github.flinkwasm.testing.TestPlugins;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LoadModuleITCase {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = FlinkTests.miniCluster(REPORTER);

    @Test
    void shouldRunEveryPluginFunctionOnTwoSubtasksWithOneCompile() throws Exception {
        TableEnvironment tEnv = FlinkTests.tableEnv();
        tEnv.executeSql("LOAD MODULE wasm WITH ('plugins' = '" + TestPlugins.SAMPLES + "')");
        FlinkTests.sequence(tEnv, "numbers", 200);

        Plugin seed = TestPlugins.loadSample("seed");
        long instancesBefore = ChicoryEngine.INSTANCE
                .compile(seed.wasm(), seed.digest(), ExecutionMode.COMPILED)
                .instancesCreated();
        // earlier tests in this JVM may have compiled it, and the bounded cache may have dropped it
        int compiledBefore = ChicoryEngine.INSTANCE.compilations(seed.digest(), ExecutionMode.COMPILED);
        TableResult result =
                tEnv.executeSql("SELECT n, wat_sum(n, 1000), fib(n % 25), fib_array(n), wat_fib(n % 25) FROM numbers");
        List<Row> rows = FlinkTests.collect(result);

        assertThat(rows).hasSize(200);
        for (Row r : rows) {
            int n = (Integer) r.getField(0);
            assertThat(r.getField(1)).isEqualTo(n + 1000);
            assertThat(r.getField(2)).isEqualTo(fib(n % 25));
            assertThat(r.getField(3)).isEqualTo(fibLong(n));
            assertThat(r.getField(4)).isEqualTo(fib(n % 25));
        }
        // one compile per module per JVM (the one above: the job compiles nothing more), one
        // instance per function per subtask
        assertThat(ChicoryEngine.INSTANCE.compilations(seed.digest(), ExecutionMode.COMPILED))
                .isEqualTo(compiledBefore)
                .isPositive();
        long instances = ChicoryEngine.INSTANCE
                        .compile(seed.wasm(), seed.digest(), ExecutionMode.COMPILED)
                        .instancesCreated()
                - instancesBefore;
        assertThat(instances).isEqualTo(2 * FlinkTests.PARALLELISM); // fib and fib_array

        Map<Integer, Long> calls = FlinkTests.countersBySubtask(
                REPORTER, result.getJobClient().get().getJobID(), "seed", "fib", WasmFunctionMetrics.CALLS);
        assertThat(calls.keySet()).containsExactly(0, 1);
        assertThat(calls.values()).allMatch(c -> c > 0);
        assertThat(calls.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(200);
    }

    @Test
    void shouldListThePluginFunctions() {
        TableEnvironment tEnv = FlinkTests.tableEnv();
        tEnv.executeSql("LOAD MODULE wasm WITH ('plugins' = '" + TestPlugins.sample("seed") + ","
                + TestPlugins.sample("seed_wat") + "')");
        List<String> names =
                tEnv.executeSql("SHOW FUNCTIONS").collect().hasNext() ? List.of(tEnv.listFunctions()) : List.of();
        assertThat(names).contains("add_ints", "fib", "fib_array", "wat_sum", "wat_fib", "wat_fib_array");
    }

    @Test
    void shouldRejectTwoPluginsDefiningTheSameFunction(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path copy = dir.resolve("seed_again.json");
        java.nio.file.Files.writeString(
                copy,
                "{\"name\": \"seed_again\", \"vm_config\": {\"path\": \"" + TestPlugins.SAMPLES.resolve("seed.wasm")
                        + "\"}, \"functions\": [\"fib\"]}");
        TableEnvironment tEnv = FlinkTests.tableEnv();
        assertThatThrownBy(() -> tEnv.executeSql(
                        "LOAD MODULE wasm WITH ('plugins' = '" + TestPlugins.sample("seed") + "," + copy + "')"))
                .hasStackTraceContaining("function name 'fib' clashes")
                .hasStackTraceContaining("seed.json")
                .hasStackTraceContaining("seed_again.json");
    }
}
