package io.github.flinkwasm.bench;

import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import java.util.List;

/** The slow-function case: synchronous against asynchronous over a pool (filled in with the pool). */
final class AsyncVariants {
    private AsyncVariants() {
        // no instances
    }

    static void register(StreamTableEnvironment tEnv) {}

    static List<EndToEndBench.Case> cases() {
        return List.of();
    }
}
