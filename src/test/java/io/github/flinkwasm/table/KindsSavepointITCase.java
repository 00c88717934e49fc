package io.github.flinkwasm.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.testing.FlinkTests;
import io.github.flinkwasm.testing.KindsPlugin;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WebAssembly aggregate's accumulator goes into a savepoint and comes back: a job stopped with a
 * savepoint at parallelism 2 and resumed from it at parallelism 1 gives exactly the result of the
 * whole input, and resumes each key from its saved accumulator.
 */
class KindsSavepointITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = FlinkTests.miniCluster(null);

    private static final int ROWS = 20_000;

    /** What the sink saw: the run (0 before the savepoint, 1 after) and each change. */
    static final Map<Integer, List<Row>> SEEN = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    /** Collects the changes of one run. */
    static final class CollectingSink implements Sink<Row> {
        private final int run;

        CollectingSink(int run) {
            this.run = run;
        }

        @Override
        public SinkWriter<Row> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(Row row, Context ctx) {
                    SEEN.computeIfAbsent(run, r -> new CopyOnWriteArrayList<>()).add(row);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }

    private JobClient start(Plugin plugin, int run, int parallelism, String savepoint) throws Exception {
        Configuration conf = new Configuration();
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        tEnv.createTemporarySystemFunction("sumsq", WasmAggregateFunction.of(plugin, "sumsq"));
        tEnv.executeSql("CREATE TEMPORARY TABLE src (n INT, k AS MOD(n, 10), x AS CAST(n AS BIGINT)) WITH"
                + " ('connector' = 'datagen', 'fields.n.kind' = 'sequence', 'fields.n.start' = '1',"
                + " 'fields.n.end' = '" + ROWS + "', 'rows-per-second' = '1000')");
        tEnv.toChangelogStream(tEnv.sqlQuery("SELECT k, sumsq(x) FROM src GROUP BY k"))
                .sinkTo(new CollectingSink(run));
        return env.executeAsync("sumsq-" + run);
    }

    @Test
    void shouldResumeFromASavepointAtAnotherParallelism() throws Exception {
        Plugin plugin = PluginLoader.load(KindsPlugin.manifest(dir));
        JobClient first = start(plugin, 0, 2, null);
        // let a good part of the input through, then stop with a savepoint
        while (SEEN.getOrDefault(0, List.of()).size() < 3000) {
            assertThat(first.getJobStatus().get().isGloballyTerminalState()).isFalse();
            Thread.sleep(100);
        }
        String savepoint = first.stopWithSavepoint(
                        false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(5, TimeUnit.MINUTES);

        JobClient second = start(plugin, 1, 1, savepoint);
        second.getJobExecutionResult().get(10, TimeUnit.MINUTES);

        // every key's first change after the restore takes back the value saved before it
        Map<Object, Long> before = last(SEEN.get(0));
        Map<Object, Row> firstAfter = new HashMap<>();
        for (Row r : SEEN.get(1)) {
            firstAfter.putIfAbsent(r.getField(0), r);
        }
        assertThat(firstAfter).hasSize(10);
        for (Map.Entry<Object, Row> e : firstAfter.entrySet()) {
            assertThat(e.getValue().getKind()).isEqualTo(RowKind.UPDATE_BEFORE);
            assertThat(e.getValue().getField(1)).isEqualTo(before.get(e.getKey()));
        }
        // and the end result is that of the whole input
        Map<Object, Long> result = last(SEEN.get(1));
        for (int k = 0; k < 10; k++) {
            long expected = 0;
            for (long n = 1; n <= ROWS; n++) {
                if (n % 10 == k) {
                    expected += n * n;
                }
            }
            assertThat(result.get(k)).as("key %d", k).isEqualTo(expected);
        }
    }

    private static Map<Object, Long> last(List<Row> changes) {
        Map<Object, Long> out = new HashMap<>();
        for (Row r : changes) {
            if (r.getKind() == RowKind.INSERT || r.getKind() == RowKind.UPDATE_AFTER) {
                out.put(r.getField(0), (Long) r.getField(1));
            } else {
                out.remove(r.getField(0));
            }
        }
        return out;
    }
}
