package io.github.flinkwasm.bench;

import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.process.JavaCounts;
import io.github.flinkwasm.table.WasmAggregateFunction;
import io.github.flinkwasm.table.WasmProcessTableFunction;
import io.github.flinkwasm.table.WasmTableFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.functions.AggregateFunction;
import org.apache.flink.table.functions.TableFunction;

/**
 * The table, aggregate and process kinds end to end, against the same functions in Java:
 *
 * <ul>
 *   <li>{@code table10}: {@code LATERAL TABLE(series(10))}, ten rows out per row in;
 *   <li>{@code sumsq}: a streaming {@code GROUP BY} of the sum of squares over 1,024 keys (every
 *       row updates its group's accumulator in Flink state and emits a retraction and an update);
 *   <li>{@code ptf}: a process table function counting rows per key and 10-second window, state
 *       bytes in Flink state and a timer per window, against its Java reference PTF.
 * </ul>
 *
 * <p>A variant's expression may name the hinted source as {@code {src}}, or as {@code {view}} (a
 * view of it) where SQL takes no hint; it is then the whole query after {@code SELECT}.
 */
final class KindsVariants {
    private KindsVariants() {
        // no instances
    }

    /** rows 0 to n-1, as the guest's {@code series}. */
    public static final class JavaSeries extends TableFunction<Integer> {
        public void eval(Integer n) {
            if (n != null) {
                for (int i = 0; i < n; i++) {
                    collect(i);
                }
            }
        }
    }

    /** The sum of squares, with retract, as the guest's {@code sumsq}. */
    public static final class JavaSumSquares extends AggregateFunction<Long, JavaSumSquares.Acc> {
        /** The accumulator. */
        public static final class Acc {
            public long sum;
            public long count;
        }

        @Override
        public Acc createAccumulator() {
            return new Acc();
        }

        public void accumulate(Acc acc, Long v) {
            if (v != null) {
                acc.sum += v * v;
                acc.count++;
            }
        }

        public void retract(Acc acc, Long v) {
            if (v != null) {
                acc.sum -= v * v;
                acc.count--;
            }
        }

        @Override
        public Long getValue(Acc acc) {
            return acc.count == 0 ? null : acc.sum;
        }
    }

    static void register(StreamTableEnvironment tEnv) {
        Plugin kinds = BenchPlugins.kinds();
        tEnv.createTemporarySystemFunction("w_series", new WasmTableFunction(kinds, "series"));
        tEnv.createTemporarySystemFunction("w_sumsq", WasmAggregateFunction.of(kinds, "sumsq"));
        tEnv.createTemporarySystemFunction("j_series", new JavaSeries());
        tEnv.createTemporarySystemFunction("j_sumsq", new JavaSumSquares());
        tEnv.executeSql("CREATE TEMPORARY TABLE sink_bigint (v BIGINT) WITH ('connector' = 'blackhole')");

        // process functions: counts per key and 10-second window (src/test/wat/process.wasm), against
        // its Java reference PTF (JavaCounts of the tests)
        Path wasm = BenchPlugins.ROOT.resolve("src/test/wat/process.wasm");
        String json = "{\"name\": \"bench_process\", \"vm_config\": {\"path\": \"" + wasm + "\"}, "
                + "\"functions\": [{\"name\": \"counts\", \"kind\": \"process\", "
                + "\"params\": [\"ROW<k STRING, v INT, ts TIMESTAMP_LTZ(3)>\"], "
                + "\"returns\": \"ROW<window_end BIGINT, n BIGINT>\"}]}";
        try {
            Files.writeString(BenchPlugins.DIR.resolve("bench_process.json"), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tEnv.createTemporarySystemFunction(
                "w_counts",
                WasmProcessTableFunction.of(
                        BenchPlugins.DIR.resolve("bench_process.json").toString(), "counts"));
        tEnv.createTemporarySystemFunction("j_counts", new JavaCounts());
        tEnv.executeSql("CREATE TEMPORARY TABLE events (k STRING, v INT, ts TIMESTAMP_LTZ(3), "
                + "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen', "
                + "'rows-per-second' = '1000000000', 'fields.k.length' = '2')");
        tEnv.executeSql("CREATE TEMPORARY TABLE sink_counts (k STRING, window_end BIGINT, n BIGINT) "
                + "WITH ('connector' = 'blackhole')");
    }

    static List<EndToEndBench.Case> cases() {
        long big = 100_000_000L;
        return List.of(
                new EndToEndBench.Case(
                        "table10",
                        "ints",
                        "sink_int",
                        List.of(
                                new EndToEndBench.Variant("no function", "a FROM {src}", big),
                                new EndToEndBench.Variant(
                                        "Java UDF", "t.v FROM {src}, LATERAL TABLE(j_series(10)) AS t(v)", big),
                                new EndToEndBench.Variant(
                                        "wasm compiled", "t.v FROM {src}, LATERAL TABLE(w_series(10)) AS t(v)", big))),
                new EndToEndBench.Case(
                        "sumsq",
                        "ints",
                        "sink_bigint",
                        List.of(
                                new EndToEndBench.Variant(
                                        "no function", "SUM(CAST(a AS BIGINT)) FROM {src} GROUP BY MOD(b, 1024)", big),
                                new EndToEndBench.Variant(
                                        "Java UDF", "j_sumsq(CAST(a AS BIGINT)) FROM {src} GROUP BY MOD(b, 1024)", big),
                                new EndToEndBench.Variant(
                                        "wasm compiled",
                                        "w_sumsq(CAST(a AS BIGINT)) FROM {src} GROUP BY MOD(b, 1024)",
                                        big))),
                new EndToEndBench.Case(
                        "ptf",
                        "events",
                        "sink_counts",
                        List.of(
                                new EndToEndBench.Variant(
                                        "Java PTF",
                                        "k, window_end, n FROM j_counts(input => TABLE {view} PARTITION BY k, "
                                                + "on_time => DESCRIPTOR(ts))",
                                        big),
                                new EndToEndBench.Variant(
                                        "wasm compiled",
                                        "k, window_end, n FROM w_counts(input => TABLE {view} PARTITION BY k, "
                                                + "on_time => DESCRIPTOR(ts))",
                                        big))));
    }
}
