package io.github.flinkwasm.cluster.jobs;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/**
 * A checkpointed, exactly-once SQL job with WebAssembly state: a rate-limited generator of click
 * rows, {@code LOAD MODULE wasm}, then two queries in one job, each into a {@link FileSink} that
 * commits on checkpoints:
 *
 * <ul>
 *   <li>an aggregate: {@code SELECT k, COUNT(*), sumsq(x), top_k(x) FROM clicks GROUP BY k}, one
 *       line per insert or update-after change ({@code k,count,sumsq,[top5]});
 *   <li>a process table function with timers: the sessions sample over {@code PARTITION BY
 *       user_id, on_time => DESCRIPTOR(ts)}, one line per session ({@code user,start,end,events}).
 * </ul>
 *
 * <p>Row {@code i} is {@link #click(long)}: a pure function of {@code i}, so the test computes the
 * expected output in Java. The generator's {@code LANES} splits (one per subtask of the first run)
 * cover the positions in parallel: lane {@code i / (rows / LANES)} emits positions in increasing
 * event time, and every lane moves through the same event-time range, so the watermark (the
 * slowest lane's, generated in the source) never passes a row still to come. The source keeps
 * {@code LANES} subtasks; every other operator takes the parallelism of the command line ({@code
 * -p}), so a savepoint rescales the WebAssembly state, not the generator. A savepoint comes with
 * {@code -s}.
 *
 * <pre>{@code flink run -d [-p P] [-s SAVEPOINT] -c io.github.flinkwasm.cluster.jobs.StatefulRecoveryJob job.jar \
 *     PLUGINS ROWS ROWS_PER_SECOND AGG_OUT SESSIONS_OUT}</pre>
 */
public final class StatefulRecoveryJob {
    /** Splits of the generator: the parallelism of the first run, which savepoints keep. */
    public static final int LANES = 2;
    /** Grouping keys of the aggregate. */
    public static final int KEYS = 10;
    /** Users of the sessions. */
    public static final int USERS = 40;
    /** Event time between two positions of a lane. */
    public static final long STEP_MS = 10;
    /** A user is quiet for one block in five: 40 s, longer than the sessions sample's 30 s gap. */
    public static final long BLOCK = 4_000;

    private StatefulRecoveryJob() {
        // no instances
    }

    /** Row {@code i} of {@code rows}: (k, x, user_id, t), t its event time in epoch milliseconds. */
    public static Row click(long i, long rows) {
        long lanePositions = rows / LANES;
        long lane = i / lanePositions;
        long p = i % lanePositions;
        long block = p / BLOCK;
        int user = (int) Math.floorMod(p * 7 + lane * 3, USERS);
        if ((block + user) % 5 == 0) {
            user = (user + 1) % USERS; // this user is quiet now; the next one is not
        }
        return Row.of(
                (int) Math.floorMod(i * 31 + p, KEYS),
                Math.floorMod(i * 104_729L, 100_000L),
                "u" + user,
                1_000_000L + p * STEP_MS);
    }

    public static void main(String[] args) throws Exception {
        String plugins = args[0];
        long rows = Long.parseLong(args[1]);
        double rowsPerSecond = Double.parseDouble(args[2]);
        String aggOut = args[3];
        String sessionsOut = args[4];
        if (rows % LANES != 0) {
            throw new IllegalArgumentException("ROWS must be a multiple of " + LANES);
        }

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 20);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);

        TypeInformation<Row> type = Types.ROW_NAMED(
                new String[] {"k", "x", "user_id", "t"}, Types.INT, Types.LONG, Types.STRING, Types.LONG);
        DataGeneratorSource<Row> source = new DataGeneratorSource<>(
                i -> click(i, rows), rows, RateLimiterStrategy.perSecond(rowsPerSecond), type);
        // watermarks per lane, in the source: whatever the parallelism after it, the watermark
        // downstream is the slowest lane's, so no row is ever late
        WatermarkStrategy<Row> time = WatermarkStrategy.<Row>forMonotonousTimestamps()
                .withTimestampAssigner((r, previous) -> (Long) r.getField(3));
        DataStream<Row> clicks =
                env.fromSource(source, time, "clicks").setParallelism(LANES).uid("clicks");

        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        tEnv.createTemporaryView(
                "clicks",
                tEnv.fromDataStream(
                        clicks,
                        Schema.newBuilder()
                                .column("k", DataTypes.INT())
                                .column("x", DataTypes.BIGINT())
                                .column("user_id", DataTypes.STRING())
                                .column("t", DataTypes.BIGINT())
                                .columnByMetadata("ts", DataTypes.TIMESTAMP_LTZ(3), "rowtime")
                                .watermark("ts", "SOURCE_WATERMARK()")
                                .build()));
        tEnv.executeSql("LOAD MODULE wasm WITH ('plugins' = '" + plugins + "')");

        DataStream<String> totals = tEnv.toChangelogStream(tEnv.sqlQuery(
                        "SELECT k, COUNT(*) AS n, sumsq(x) AS sq, top_k(x) AS top FROM clicks GROUP BY k"))
                .filter(r -> r.getKind() == RowKind.INSERT || r.getKind() == RowKind.UPDATE_AFTER)
                .uid("changes")
                .map(r -> r.getField(0) + "," + r.getField(1) + "," + r.getField(2) + ","
                        + java.util.Arrays.toString((Long[]) r.getField(3)))
                .uid("totals as text")
                .returns(Types.STRING);
        DataStream<String> sessions = tEnv.toDataStream(
                        tEnv.sqlQuery("SELECT user_id, session_start, session_end, events FROM sessions("
                                + "input => TABLE clicks PARTITION BY user_id, on_time => DESCRIPTOR(ts),"
                                + " uid => 'sessions')"))
                .map(r -> r.getField(0) + "," + r.getField(1) + "," + r.getField(2) + "," + r.getField(3))
                .uid("sessions as text")
                .returns(Types.STRING);

        totals.sinkTo(fileSink(aggOut)).uid("totals-files").name("totals files");
        sessions.sinkTo(fileSink(sessionsOut)).uid("sessions-files").name("sessions files");
        env.execute("wasm-stateful-recovery-job");
    }

    private static FileSink<String> fileSink(String dir) {
        return FileSink.forRowFormat(new Path(dir), new SimpleStringEncoder<String>())
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .build();
    }
}
