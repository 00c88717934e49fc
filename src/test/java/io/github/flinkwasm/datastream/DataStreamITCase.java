package io.github.flinkwasm.datastream;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.testing.Fibonacci;
import io.github.flinkwasm.testing.FlinkTests;
import io.github.flinkwasm.testing.TestPlugins;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DataStreamITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = FlinkTests.miniCluster(null);

    @TempDir
    Path dir;

    @Test
    void shouldMapAStreamThroughAPluginFunction() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(FlinkTests.PARALLELISM);
        String manifest = TestPlugins.sample("seed");

        // README: DataStream API
        DataStream<Integer> numbers =
                env.fromData(IntStream.rangeClosed(1, 30).boxed().toArray(Integer[]::new));
        DataStream<Integer> fibs = numbers.rebalance().map(WasmMapFunction.<Integer, Integer>of(manifest, "fib"));

        List<Integer> out = new ArrayList<>();
        fibs.executeAndCollect().forEachRemaining(out::add);
        assertThat(out)
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.rangeClosed(1, 30).map(Fibonacci::fib).boxed().toList());
    }

    @Test
    void shouldKeepOrderOverAPoolOfInstances() throws Exception {
        // busy(n % 3): 0, 1 or 2 million guest iterations, so later elements often finish first
        String manifest = TestPlugins.manifest(
                dir,
                "pooled",
                3,
                "loops",
                "\"timeout_ms\": 5000",
                "[{\"name\": \"busy\", \"params\": [\"INT\"], \"returns\": \"INT\"}]");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);

        DataStream<Integer> sizes = env.fromData(
                IntStream.rangeClosed(1, 200).map(n -> n % 3).boxed().toArray(Integer[]::new));
        DataStream<Integer> slow = AsyncDataStream.orderedWait(
                sizes, WasmAsyncFunction.<Integer, Integer>of(manifest, "busy"), 1, TimeUnit.MINUTES, 8);

        List<Integer> out = new ArrayList<>();
        slow.executeAndCollect().forEachRemaining(out::add);
        assertThat(out)
                .isEqualTo(IntStream.rangeClosed(1, 200).map(n -> n % 3).boxed().toList());
    }

    @Test
    void shouldRouteFailedCallsToASideOutput() throws Exception {
        String manifest = TestPlugins.manifest(dir, "guard", "traps", "", "[\"check\"]");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(FlinkTests.PARALLELISM);

        WasmProcessFunction<Integer, Integer> check = new WasmProcessFunction<>(PluginLoader.load(manifest), "check");
        SingleOutputStreamOperator<Integer> ok =
                env.fromData(-2, -1, 0, 1, 2, 3).rebalance().process(check);
        DataStream<FailedCall<Integer>> failed = ok.getSideOutput(check.failures());

        List<String> all = new ArrayList<>();
        ok.map(i -> "ok " + i)
                .union(failed.map(f -> "failed " + f.element() + ": " + f.error()))
                .executeAndCollect()
                .forEachRemaining(all::add);
        assertThat(all).hasSize(6);
        assertThat(all).contains("ok 0", "ok 1", "ok 2", "ok 3");
        assertThat(all)
                .filteredOn(s -> s.startsWith("failed"))
                .hasSize(2)
                .allMatch(s -> s.contains("plugin 'guard' function 'check'") && s.contains("unreachable"));
    }
}
