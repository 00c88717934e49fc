package io.github.flinkwasm.process;

import io.github.flinkwasm.testing.FlinkTests;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

/** Random event streams with out-of-order times, as tables with a watermark, for process functions. */
public final class Events {
    /** Events are at most this much out of order; the watermark lags by twice as much. */
    public static final long DISORDER_MS = 500;

    private Events() {
        // no instances
    }

    /** Rows (k STRING, v INT, ts Instant): times rise by 0..80 ms a row, then jitter by up to DISORDER_MS. */
    public static List<Row> random(int n, int keys, long seed) {
        Random r = new Random(seed);
        List<Row> out = new ArrayList<>();
        long t = 1_000;
        for (int i = 0; i < n; i++) {
            t += r.nextInt(80);
            long ts = t + r.nextInt((int) DISORDER_MS);
            out.add(Row.of("k" + r.nextInt(keys), r.nextInt(100), Instant.ofEpochMilli(ts)));
        }
        return out;
    }

    /** A streaming table environment, parallelism 2, with the rows as view {@code name}. */
    public static StreamTableEnvironment tableEnv(List<Row> rows, String name) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(FlinkTests.PARALLELISM);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        register(env, tEnv, rows, name);
        return tEnv;
    }

    static void register(StreamExecutionEnvironment env, StreamTableEnvironment tEnv, List<Row> rows, String name) {
        register(env, tEnv, rows, name, 0);
    }

    /** As {@link #tableEnv(List, String)}, with a pause of {@code pauseMs} before each row. */
    public static StreamTableEnvironment slowTableEnv(List<Row> rows, String name, long pauseMs) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(FlinkTests.PARALLELISM);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        register(env, tEnv, rows, name, pauseMs);
        return tEnv;
    }

    static void register(
            StreamExecutionEnvironment env, StreamTableEnvironment tEnv, List<Row> rows, String name, long pauseMs) {
        var type = Types.ROW_NAMED(new String[] {"k", "v", "ts"}, Types.STRING, Types.INT, Types.INSTANT);
        var stream = env.fromData(rows).returns(type);
        if (pauseMs > 0) {
            stream = stream.map(r -> {
                        Thread.sleep(pauseMs);
                        return r;
                    })
                    .setParallelism(1)
                    .returns(type);
        }
        tEnv.createTemporaryView(
                name,
                tEnv.fromDataStream(
                        stream,
                        Schema.newBuilder()
                                .column("k", DataTypes.STRING())
                                .column("v", DataTypes.INT())
                                .column("ts", DataTypes.TIMESTAMP_LTZ(3))
                                .watermark("ts", "ts - INTERVAL '" + 2 * DISORDER_MS / 1000.0 + "' SECOND")
                                .build()));
    }

    /** What {@code counts} emits for these rows: "k,window_end,n" per key and 10-second window. */
    public static List<String> expectedCounts(List<Row> rows) {
        Map<String, Long> counts = new HashMap<>();
        for (Row r : rows) {
            long t = ((Instant) r.getField(2)).toEpochMilli();
            long end = (Math.floorDiv(t, JavaCounts.WINDOW) + 1) * JavaCounts.WINDOW;
            counts.merge(r.getField(0) + "," + end, 1L, Long::sum);
        }
        List<String> out = new ArrayList<>();
        counts.forEach((k, n) -> out.add(k + "," + n));
        out.sort(null);
        return out;
    }

    /** Rows (k, window_end, n, ...) as sorted "k,window_end,n". */
    public static List<String> counts(List<Row> rows) {
        List<String> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(r.getField(0) + "," + r.getField(1) + "," + r.getField(2));
        }
        out.sort(null);
        return out;
    }
}
