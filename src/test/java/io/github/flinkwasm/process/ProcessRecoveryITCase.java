package io.github.flinkwasm.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkwasm.table.WasmProcessTableFunction;
import io.github.flinkwasm.testing.FlinkTests;
import io.github.flinkwasm.testing.TestPlugins;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * State and timers of a process function survive a failure: a checkpointed job whose source fails
 * once mid-run restarts from the last checkpoint, and its exactly-once output equals the windows
 * of an uninterrupted computation. Timers pending at the checkpoint fire after the restore.
 */
class ProcessRecoveryITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTests.miniCluster(null);

    static final int ROWS = 4_000;
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicInteger CHECKPOINTS = new AtomicInteger();

    @TempDir
    static Path dir;

    /** The row of index i: the same rows as {@link Events#random} would make, by index. */
    static Row row(long i) {
        long t = 1_000 + i * 40 + Math.floorMod(i * 7919, Events.DISORDER_MS);
        return Row.of("k" + Math.floorMod(i * 31, 7), (int) (i % 100), Instant.ofEpochMilli(t));
    }

    /** Fails once, after the first completed checkpoint (the rate-limited source is mid-way then). */
    static class FailOnce extends RichMapFunction<Row, Row> implements CheckpointListener {
        private int seen;

        @Override
        public Row map(Row r) {
            if (++seen > 100 && CHECKPOINTS.get() >= 1 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure");
            }
            return r;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTS.incrementAndGet();
        }
    }

    @Test
    void timersAndStateSurviveAFailover() throws Exception {
        Configuration conf = new Configuration();
        conf.setString("execution.checkpointing.interval", "300 ms");
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "3");
        conf.setString("restart-strategy.fixed-delay.delay", "200 ms");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(FlinkTests.PARALLELISM);
        env.enableCheckpointing(300);
        TypeInformation<Row> type =
                Types.ROW_NAMED(new String[] {"k", "v", "ts"}, Types.STRING, Types.INT, Types.INSTANT);
        DataGeneratorSource<Row> source =
                new DataGeneratorSource<>(ProcessRecoveryITCase::row, ROWS, RateLimiterStrategy.perSecond(500), type);
        DataStream<Row> rows = env.fromSource(source, WatermarkStrategy.noWatermarks(), "rows")
                .map(new FailOnce())
                .returns(type);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        tEnv.createTemporaryView(
                "events",
                tEnv.fromDataStream(
                        rows,
                        Schema.newBuilder()
                                .column("k", DataTypes.STRING())
                                .column("v", DataTypes.INT())
                                .column("ts", DataTypes.TIMESTAMP_LTZ(3))
                                .watermark("ts", "ts - INTERVAL '" + 2 * Events.DISORDER_MS / 1000.0 + "' SECOND")
                                .build()));
        String manifest = TestPlugins.manifest(
                dir, "precover", "process", "", "[{\"name\": \"counts\", " + ProcessFunctionITCase.ROW + "}]");
        tEnv.createTemporarySystemFunction("counts", WasmProcessTableFunction.of(manifest, "counts"));

        long start = System.nanoTime();
        TableResult result = tEnv.executeSql(
                "SELECT * FROM counts(input => TABLE events PARTITION BY k, on_time => DESCRIPTOR(ts), uid => 'r')");
        List<String> got = Events.counts(FlinkTests.collect(result));
        long millis = (System.nanoTime() - start) / 1_000_000;

        List<Row> all = new ArrayList<>();
        for (long i = 0; i < ROWS; i++) {
            all.add(row(i));
        }
        assertThat(FAILED).isTrue();
        assertThat(got).isEqualTo(Events.expectedCounts(all));
        System.out.println("process recovery: " + ROWS + " rows, " + got.size() + " windows, one failure after "
                + CHECKPOINTS.get() + " checkpoints, job finished in " + millis + " ms");
    }
}
