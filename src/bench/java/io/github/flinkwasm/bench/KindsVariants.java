package io.github.flinkwasm.bench;

import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.table.WasmAggregateFunction;
import io.github.flinkwasm.table.WasmTableFunction;
import java.util.List;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.functions.AggregateFunction;
import org.apache.flink.table.functions.TableFunction;

/**
 * The table and aggregate kinds end to end, against the same functions in Java:
 *
 * <ul>
 *   <li>{@code table10}: {@code LATERAL TABLE(series(10))}, ten rows out per row in;
 *   <li>{@code sumsq}: a streaming {@code GROUP BY} of the sum of squares over 1,024 keys (every
 *       row updates its group's accumulator in Flink state and emits a retraction and an update).
 * </ul>
 *
 * <p>A variant's expression may name the hinted source as {@code {src}}; it is then the whole
 * query after {@code SELECT}.
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
                                        big))));
    }
}
