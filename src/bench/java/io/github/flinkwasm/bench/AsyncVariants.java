package io.github.flinkwasm.bench;

import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.table.WasmAsyncScalarFunction;
import io.github.flinkwasm.table.WasmScalarFunction;
import java.util.List;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * The slow-function case: {@code busy(1)} (a million loop iterations in the guest) called
 * synchronously on one instance against asynchronously over pools of 2 and 4 instances.
 */
final class AsyncVariants {
    private AsyncVariants() {
        // no instances
    }

    static void register(StreamTableEnvironment tEnv) {
        Plugin one = BenchPlugins.load("bench_pool1", "compiled", 1000, 1);
        Plugin two = BenchPlugins.load("bench_pool2", "compiled", 1000, 2);
        Plugin four = BenchPlugins.load("bench_pool4", "compiled", 1000, 4);
        tEnv.createTemporarySystemFunction("s_busy", new WasmScalarFunction(one, "w_busy"));
        tEnv.createTemporarySystemFunction("a2_busy", new WasmAsyncScalarFunction(two, "w_busy"));
        tEnv.createTemporarySystemFunction("a4_busy", new WasmAsyncScalarFunction(four, "w_busy"));
        tEnv.executeSql("CREATE TEMPORARY TABLE ones (n INT) WITH ('connector' = 'datagen', "
                + "'rows-per-second' = '1000000000', 'fields.n.min' = '1', 'fields.n.max' = '1')");
    }

    static List<EndToEndBench.Case> cases() {
        return List.of(new EndToEndBench.Case(
                "slow",
                "ones",
                "sink_int",
                List.of(
                        new EndToEndBench.Variant("wasm sync (instance_num 1)", "s_busy(n)", 8_000),
                        new EndToEndBench.Variant("wasm async, pool of 2", "a2_busy(n)", 8_000),
                        new EndToEndBench.Variant("wasm async, pool of 4", "a4_busy(n)", 8_000))));
    }
}
