package io.github.flinkwasm.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkwasm.metrics.MetricsRecorder;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.testing.TestPlugins;
import io.github.flinkwasm.types.Representation;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.types.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The table and aggregate samples give the same results in C and Rust. */
class KindSamplesTest {

    @ParameterizedTest
    @CsvSource({"kinds_c, c_", "kinds_rust, ''"})
    void shouldSplitTokensAndPairs(String sample, String prefix) {
        Plugin p = TestPlugins.loadSample(sample);
        try (FunctionInvoker tokens =
                        FunctionInvoker.open(p, prefix + "tokens", MetricsRecorder.NONE, Representation.JAVA);
                FunctionInvoker kv =
                        FunctionInvoker.open(p, prefix + "kv_pairs", MetricsRecorder.NONE, Representation.JAVA)) {
            assertThat(Arrays.asList((Object[]) tokens.invoke("  to be\tor \"not\" ")))
                    .containsExactly(Row.of("to", 1), Row.of("be", 2), Row.of("or", 3), Row.of("\"not\"", 4));
            assertThat((Object[]) tokens.invoke("")).isEmpty();
            assertThat(Arrays.asList((Object[]) kv.invoke("ts=17 level=warn msg =x a=b=c empty=")))
                    .containsExactly(
                            Row.of("ts", "17"), Row.of("level", "warn"), Row.of("a", "b=c"), Row.of("empty", ""));
        }
    }

    @ParameterizedTest
    @CsvSource({"kinds_c, c_", "kinds_rust, ''"})
    void shouldCountDistinctApproximatelyAndMerge(String sample, String prefix) {
        Plugin p = TestPlugins.loadSample(sample);
        try (AggregateInvoker hll =
                AggregateInvoker.open(p, prefix + "approx_distinct", MetricsRecorder.NONE, Representation.JAVA)) {
            byte[] a = hll.create();
            byte[] b = hll.create();
            for (int i = 0; i < 20_000; i++) {
                String v = "user-" + (i % 10_000);
                if (i % 2 == 0) {
                    a = hll.accumulate(a, v);
                } else {
                    b = hll.accumulate(b, v);
                }
            }
            long estimate = (Long) hll.result(hll.merge(a, b));
            // 1024 registers: a standard error of 3.25 %; C and Rust give the same estimate (10,570)
            assertThat(estimate).isBetween(9_000L, 11_000L);
            assertThat(hll.result(hll.create())).isEqualTo(0L);
            // small counts use linear counting: exact for a few values
            byte[] few = hll.create();
            for (String v : List.of("a", "b", "c", "a")) {
                few = hll.accumulate(few, v);
            }
            assertThat(hll.result(few)).isEqualTo(3L);
        }
    }

    @ParameterizedTest
    @CsvSource({"kinds_c, c_", "kinds_rust, ''", "kinds_as, as_"})
    void shouldSplitTokens(String sample, String prefix) {
        Plugin p = TestPlugins.loadSample(sample);
        try (FunctionInvoker tokens =
                FunctionInvoker.open(p, prefix + "tokens", MetricsRecorder.NONE, Representation.JAVA)) {
            assertThat(Arrays.asList((Object[]) tokens.invoke(" héllo\twörld 😀 ")))
                    .containsExactly(Row.of("héllo", 1), Row.of("wörld", 2), Row.of("😀", 3));
        }
    }

    @ParameterizedTest
    @CsvSource({"kinds_c, c_", "kinds_rust, ''", "kinds_as, as_"})
    void shouldKeepTheTopValues(String sample, String prefix) {
        Plugin p = TestPlugins.loadSample(sample);
        try (AggregateInvoker top =
                AggregateInvoker.open(p, prefix + "top_k", MetricsRecorder.NONE, Representation.JAVA)) {
            byte[] a = top.create();
            for (long v : new long[] {5, -3, 99, 5, 42, 7, 1000, 6}) {
                a = top.accumulate(a, v);
            }
            assertThat((Object[]) top.result(a)).containsExactly(1000L, 99L, 42L, 7L, 6L);
            byte[] b = top.accumulate(top.create(), 500L);
            assertThat((Object[]) top.result(top.merge(a, b))).containsExactly(1000L, 500L, 99L, 42L, 7L);
            assertThat((Object[]) top.result(top.create())).isEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource({"kinds_c, c_", "kinds_rust, ''"})
    void shouldKeepTopKOverAMillionRowsWithinTheMemoryCap(String sample, String prefix) {
        Plugin p = TestPlugins.loadSample(sample);
        try (AggregateInvoker top =
                AggregateInvoker.open(p, prefix + "top_k", MetricsRecorder.NONE, Representation.JAVA)) {
            byte[] acc = top.create();
            int pages = top.memoryPages();
            long seed = 42;
            for (int i = 0; i < 1_000_000; i++) {
                seed = seed * 6364136223846793005L + 1442695040888963407L;
                acc = top.accumulate(acc, (seed >>> 33) % 1_000_000_000L);
            }
            assertThat(acc).hasSize(48); // the state does not grow with the input
            assertThat(top.memoryPages())
                    .isEqualTo(pages)
                    .isLessThanOrEqualTo(p.manifest().vmConfig().maxMemoryPages());
            Object[] result = (Object[]) top.result(acc);
            assertThat(result).hasSize(5);
            assertThat((Long) result[0]).isGreaterThan(999_990_000L);
        }
    }
}
