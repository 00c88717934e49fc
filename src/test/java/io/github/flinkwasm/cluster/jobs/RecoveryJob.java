package io.github.flinkwasm.cluster.jobs;

import io.github.flinkwasm.datastream.WasmMapFunction;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * A checkpointed, exactly-once job: ids 1..ROWS from a rate-limited generator, {@code
 * wat_sum(id, OFFSET)} through a WebAssembly function, one line per result into a {@link FileSink}
 * that commits on checkpoints. A restart strategy brings it back after a TaskManager is lost.
 *
 * <pre>{@code flink run -d -c io.github.flinkwasm.cluster.jobs.RecoveryJob job.jar MANIFEST ROWS ROWS_PER_SECOND OUT_DIR}</pre>
 */
public final class RecoveryJob {
    /** Added to every id by the guest, so each output line names its input: id = line - OFFSET. */
    public static final int OFFSET = 1_000_000_000;

    private RecoveryJob() {
        // no instances
    }

    public static void main(String[] args) throws Exception {
        String manifest = args[0];
        long rows = Long.parseLong(args[1]);
        double rowsPerSecond = Double.parseDouble(args[2]);
        String out = args[3];

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 20);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);

        DataGeneratorSource<Long> ids = new DataGeneratorSource<>(
                index -> index + 1, rows, RateLimiterStrategy.perSecond(rowsPerSecond), Types.LONG);
        FileSink<String> sink = FileSink.forRowFormat(new Path(out), new SimpleStringEncoder<String>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .build();

        env.fromSource(ids, WatermarkStrategy.noWatermarks(), "ids")
                .map(id -> Tuple2.of(id.intValue(), OFFSET))
                .returns(Types.TUPLE(Types.INT, Types.INT))
                .name("to (id, offset)")
                .map(WasmMapFunction.<Tuple2<Integer, Integer>, Integer>of(manifest, "wat_sum"))
                .name("wasm wat_sum")
                .map(String::valueOf)
                .returns(Types.STRING)
                .name("to text")
                .sinkTo(sink)
                .name("files");
        env.execute("wasm-recovery-job");
    }
}
