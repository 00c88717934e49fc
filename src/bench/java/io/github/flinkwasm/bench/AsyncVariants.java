package io.github.flinkwasm.bench;

import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.table.WasmAsyncScalarFunction;
import io.github.flinkwasm.table.WasmScalarFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * What {@code instance_num} buys and costs:
 *
 * <ul>
 *   <li>{@code slow}: {@code busy(1)} (a million guest loop iterations) synchronously on one
 *       instance against asynchronously over pools of 2 and 4 instances;
 *   <li>{@code spinN}, the crossover: {@code spin(N)} (N rounds of a multiply-add chain in the
 *       guest, so the guest cost per call is tunable) in the same three ways, for N from 0 to a
 *       million, to read off the guest cost at which a pool starts to win;
 *   <li>{@code cheap8}: 8 calls per row of a cheap function from a manifest with {@code
 *       "instance_num": 4} loaded by {@code LOAD MODULE}, as users write it, against 8 calls of the
 *       Java UDF and of the same function from a manifest with {@code instance_num} 1.
 * </ul>
 */
final class AsyncVariants {
    /** Guest loop rounds per call of the crossover cases. */
    static final int[] SPINS = {0, 100, 1_000, 10_000, 100_000, 1_000_000};

    private AsyncVariants() {
        // no instances
    }

    static void register(StreamTableEnvironment tEnv) {
        Plugin one = BenchPlugins.load("bench_pool1", "compiled", 1000, 1);
        Plugin two = BenchPlugins.load("bench_pool2", "compiled", 1000, 2);
        Plugin four = BenchPlugins.load("bench_pool4", "compiled", 1000, 4);
        for (String fn : List.of("busy", "spin")) {
            tEnv.createTemporarySystemFunction("s_" + fn, new WasmScalarFunction(one, "w_" + fn));
            tEnv.createTemporarySystemFunction("a2_" + fn, new WasmAsyncScalarFunction(two, "w_" + fn));
            tEnv.createTemporarySystemFunction("a4_" + fn, new WasmAsyncScalarFunction(four, "w_" + fn));
        }
        tEnv.executeSql("CREATE TEMPORARY TABLE ones (n INT) WITH ('connector' = 'datagen', "
                + "'rows-per-second' = '1000000000', 'fields.n.min' = '1', 'fields.n.max' = '1')");
        for (int spins : SPINS) {
            tEnv.executeSql("CREATE TEMPORARY TABLE spin_" + spins + " (n INT) WITH ('connector' = 'datagen', "
                    + "'rows-per-second' = '1000000000', 'fields.n.min' = '" + spins + "', 'fields.n.max' = '"
                    + spins + "')");
        }
        // the manifest as users write it, loaded the way they load it: its functions are w_add, ...
        tEnv.executeSql("LOAD MODULE wasm WITH ('plugins' = '"
                + BenchPlugins.manifest("bench_four", "compiled", 1000, 4) + "')");
    }

    static List<EndToEndBench.Case> cases() {
        List<EndToEndBench.Case> cases = new ArrayList<>();
        cases.add(new EndToEndBench.Case(
                "slow",
                "ones",
                "sink_int",
                List.of(
                        new EndToEndBench.Variant("wasm sync (instance_num 1)", "s_busy(n)", 8_000),
                        new EndToEndBench.Variant("wasm async, pool of 2", "a2_busy(n)", 8_000),
                        new EndToEndBench.Variant("wasm async, pool of 4", "a4_busy(n)", 8_000))));
        for (int spins : SPINS) {
            // about 1 ns per round: cap the rows so that the slowest variant stays near a second
            long maxRows = Math.max(8_000, Math.min(100_000_000L, 1_000_000_000L / Math.max(1, spins)));
            cases.add(new EndToEndBench.Case(
                    "spin" + spins,
                    "spin_" + spins,
                    "sink_int",
                    List.of(
                            new EndToEndBench.Variant("wasm sync (instance_num 1)", "s_spin(n)", maxRows),
                            new EndToEndBench.Variant("wasm async, pool of 2", "a2_spin(n)", maxRows),
                            new EndToEndBench.Variant("wasm async, pool of 4", "a4_spin(n)", maxRows))));
        }
        cases.add(new EndToEndBench.Case(
                "cheap8",
                "ints",
                "sink_int",
                List.of(
                        new EndToEndBench.Variant("no function", eightCalls(null), 100_000_000L),
                        new EndToEndBench.Variant("Java UDF", eightCalls("j_add"), 100_000_000L),
                        new EndToEndBench.Variant(
                                "wasm instance_num 4 (LOAD MODULE)", eightCalls("w_add"), 100_000_000L),
                        new EndToEndBench.Variant("wasm instance_num 1", eightCalls("c_add"), 100_000_000L))));
        return cases;
    }

    /** {@code f(a, 1) + f(a, 2) + ... + f(a, 8)}, or the same sum with {@code a + k} for null. */
    private static String eightCalls(String function) {
        StringJoiner sum = new StringJoiner(" + ");
        for (int k = 1; k <= 8; k++) {
            sum.add(function == null ? "(a + " + k + ")" : function + "(a, " + k + ")");
        }
        return sum.toString();
    }
}
