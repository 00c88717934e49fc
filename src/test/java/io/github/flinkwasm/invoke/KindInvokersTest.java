package io.github.flinkwasm.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.metrics.MetricsRecorder;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.testing.CountingMetrics;
import io.github.flinkwasm.testing.KindsPlugin;
import io.github.flinkwasm.testing.TestPlugins;
import io.github.flinkwasm.types.Representation;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table and aggregate calls of a hand-written guest, without Flink. */
class KindInvokersTest {
    @TempDir
    Path dir;

    private Plugin kinds() {
        return PluginLoader.load(KindsPlugin.manifest(dir));
    }

    @Test
    void shouldReturnATableFunctionsRowsAsOneArray() {
        try (FunctionInvoker split =
                FunctionInvoker.open(kinds(), "split_pos", MetricsRecorder.NONE, Representation.JAVA)) {
            Object[] rows = (Object[]) split.invoke("to be  or");
            assertThat(Arrays.asList(rows)).containsExactly(Row.of("to", 0), Row.of("be", 1), Row.of("or", 2));
            assertThat(split.invoke((Object) null)).isNull();
        }
    }

    @Test
    void shouldSkipAFailedTableCallWhenOnErrorIsNull() {
        CountingMetrics metrics = new CountingMetrics();
        try (FunctionInvoker series = FunctionInvoker.open(kinds(), "series_null", metrics, Representation.JAVA)) {
            assertThat((Object[]) series.invoke(3)).containsExactly(0, 1, 2);
            assertThat(series.invoke(-1)).isNull();
            assertThat((Object[]) series.invoke(2)).containsExactly(0, 1); // a new instance
        }
        assertThat(metrics.errors).isEqualTo(1);
        assertThat(metrics.nullResults).isEqualTo(1);
    }

    @Test
    void shouldAccumulateRetractAndMerge() {
        try (AggregateInvoker sumsq =
                AggregateInvoker.open(kinds(), "sumsq", MetricsRecorder.NONE, Representation.JAVA)) {
            byte[] a = sumsq.create();
            assertThat(a).hasSize(16);
            a = sumsq.accumulate(a, 3L);
            a = sumsq.accumulate(a, 4L);
            a = sumsq.accumulate(a, (Object) null); // skipped
            assertThat(sumsq.result(a)).isEqualTo(25L);
            byte[] b = sumsq.accumulate(sumsq.create(), 10L);
            byte[] merged = sumsq.merge(a, b);
            assertThat(sumsq.result(merged)).isEqualTo(125L);
            assertThat(sumsq.result(sumsq.retract(merged, 4L))).isEqualTo(109L);
            // the inputs are untouched: the host keeps them
            assertThat(sumsq.result(a)).isEqualTo(25L);
        }
    }

    @Test
    void shouldRefuseRetractWithoutTheExport() {
        try (AggregateInvoker plain =
                AggregateInvoker.open(kinds(), "sumsq_plain", MetricsRecorder.NONE, Representation.JAVA)) {
            assertThatThrownBy(() -> plain.retract(plain.create(), 1L))
                    .hasMessageContaining("has no export 'sumsq_plain_retract'");
        }
    }

    @Test
    void shouldFollowOnErrorWhenAccumulateTraps() {
        CountingMetrics metrics = new CountingMetrics();
        try (AggregateInvoker picky = AggregateInvoker.open(kinds(), "picky_null", metrics, Representation.JAVA)) {
            byte[] acc = picky.accumulate(picky.create(), 2L);
            acc = picky.accumulate(acc, -5L); // traps: the row is skipped
            acc = picky.accumulate(acc, 3L);
            assertThat(picky.result(acc)).isEqualTo(13L);
        }
        assertThat(metrics.errors).isEqualTo(1);
        assertThat(metrics.nullResults).isEqualTo(1);
        assertThat(metrics.restarts).isEqualTo(1);
        try (AggregateInvoker picky =
                AggregateInvoker.open(kinds(), "picky", MetricsRecorder.NONE, Representation.JAVA)) {
            byte[] acc = picky.create();
            assertThatThrownBy(() -> picky.accumulate(acc, -5L))
                    .isInstanceOf(WasmCallException.class)
                    .hasMessageContaining("plugin 'kinds' aggregate function 'picky' failed on arguments (-5)")
                    .hasMessageContaining("picky_accumulate");
        }
    }

    @Test
    void shouldRejectWrongAccumulatorsNamingPluginAndFunction() {
        String m = TestPlugins.manifest(
                dir,
                "bad",
                "bad_acc",
                "\"max_memory_pages\": 400",
                "[" + agg("outside") + "," + agg("empty") + "," + agg("oversized") + "]");
        Plugin bad = PluginLoader.load(m);
        expect(bad, "outside", "lies outside linear memory");
        expect(bad, "empty", "returned an empty accumulator");
        expect(bad, "oversized", "returned an accumulator of 17825792 bytes, above the limit of 16777216 bytes");
    }

    private static String agg(String name) {
        return "{\"name\": \"" + name + "\", \"kind\": \"aggregate\", \"params\": [\"BIGINT\"], \"returns\":"
                + " \"BIGINT\"}";
    }

    private static void expect(Plugin plugin, String function, String problem) {
        try (AggregateInvoker f = AggregateInvoker.open(plugin, function, MetricsRecorder.NONE, Representation.JAVA)) {
            byte[] acc = f.create();
            assertThatThrownBy(() -> f.accumulate(acc, 1L))
                    .isInstanceOf(WasmCallException.class)
                    .hasMessageContaining("plugin 'bad' aggregate function '" + function + "'")
                    .hasMessageContaining(function + "_accumulate")
                    .hasMessageContaining(problem);
            // the accumulator the caller holds is intact, and the function works on
            assertThat(f.result(acc)).isEqualTo(0L);
        }
    }
}
