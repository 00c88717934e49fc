package io.github.flinkwasm.bench;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.wasm.Parser;
import io.github.flinkwasm.engine.CompiledModule;
import io.github.flinkwasm.engine.InstanceOptions;
import io.github.flinkwasm.engine.StopSignal;
import io.github.flinkwasm.engine.WasmInstance;
import io.github.flinkwasm.engine.chicory.ChicoryEngine;
import io.github.flinkwasm.manifest.ExecutionMode;
import io.github.flinkwasm.manifest.WasiConfig;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.table.WasmScalarFunction;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * Cold start and footprint, one measurement per JVM (bench/run.sh starts one JVM each), printed as
 * one JSON object on the last line.
 *
 * <ul>
 *   <li>{@code compile WASM}: first compile in this JVM (parse + translate, through the project's
 *       cache, so with {@code -Dflink.wasm.compile-cache=DIR} it stores or loads), the first and a
 *       typical instantiation, heap retained per instance, and a re-translation once warm;
 *   <li>{@code first-row java|compiled|interpreted}: from submitting {@code SELECT f(n)} to a
 *       running MiniCluster to the first row coming back.
 * </ul>
 */
public final class ColdStartBench {

    public static void main(String[] args) throws Exception {
        if (args[0].equals("compile")) {
            compile(Path.of(args[1]));
        } else {
            firstRow(args[1]);
        }
        System.exit(0);
    }

    private static void compile(Path wasm) throws Exception {
        byte[] bytes = Files.readAllBytes(wasm);
        String digest = io.github.flinkwasm.engine.WasmEngines.digest(bytes);
        long t0 = System.nanoTime();
        CompiledModule module = ChicoryEngine.INSTANCE.compile(bytes, digest, ExecutionMode.COMPILED);
        double coldMs = (System.nanoTime() - t0) / 1e6;
        InstanceOptions options =
                new InstanceOptions("bench", 256, WasiConfig.DISABLED, java.util.List.of(), new StopSignal());
        t0 = System.nanoTime();
        WasmInstance first = module.instantiate(options);
        double firstInstanceMs = (System.nanoTime() - t0) / 1e6;
        double[] inst = new double[20];
        for (int i = 0; i < inst.length; i++) {
            t0 = System.nanoTime();
            module.instantiate(options).close();
            inst[i] = (System.nanoTime() - t0) / 1e6;
        }
        // heap retained per instance: 100 live instances, against the heap before them
        List<WasmInstance> live = new ArrayList<>();
        long before = usedAfterGc();
        for (int i = 0; i < 100; i++) {
            live.add(module.instantiate(options));
        }
        long after = usedAfterGc();
        double kibPerInstance = (after - before) / 1024.0 / live.size();
        live.forEach(WasmInstance::close);
        first.close();
        double[] warm = new double[3];
        for (int i = 0; i < warm.length; i++) {
            t0 = System.nanoTime();
            MachineFactoryCompiler.compile(Parser.parse(bytes));
            warm[i] = (System.nanoTime() - t0) / 1e6;
        }
        double interpMs;
        t0 = System.nanoTime();
        ChicoryEngine.INSTANCE.compile(bytes, digest, ExecutionMode.INTERPRETED);
        interpMs = (System.nanoTime() - t0) / 1e6;
        System.out.printf(
                Locale.ROOT,
                "{\"module\": \"%s\", \"bytes\": %d, \"functions\": %d, \"cache\": %s, "
                        + "\"firstCompileMs\": %.1f, \"warmCompileMs\": %.1f, \"parseOnlyMs\": %.1f, "
                        + "\"firstInstanceMs\": %.2f, \"instanceMs\": %.3f, \"heapKiBPerInstance\": %.1f}%n",
                wasm.getFileName(),
                bytes.length,
                module.info().functionExports().size(),
                System.getProperty("flink.wasm.compile-cache") == null
                        ? "null"
                        : "\"" + System.getProperty("bench.cache-state", "on") + "\"",
                coldMs,
                EndToEndBench.median(warm),
                interpMs,
                firstInstanceMs,
                EndToEndBench.median(inst),
                kibPerInstance);
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void firstRow(String variant) throws Exception {
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(1)
                .build());
        cluster.start();
        TestStreamEnvironment.setAsContext(cluster, 1);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(
                StreamExecutionEnvironment.getExecutionEnvironment(), EnvironmentSettings.inStreamingMode());
        tEnv.executeSql("CREATE TEMPORARY TABLE src (n INT) WITH ('connector' = 'datagen', "
                + "'number-of-rows' = '1000', 'fields.n.min' = '1', 'fields.n.max' = '20')");
        switch (variant) {
            case "java":
                tEnv.createTemporarySystemFunction("f", JavaFunctions.Fib.class);
                break;
            case "compiled":
            case "interpreted":
                Plugin plugin = BenchPlugins.load("cold_" + variant, variant, 1000, 1);
                tEnv.createTemporarySystemFunction("f", new WasmScalarFunction(plugin, "w_fib"));
                break;
            default:
                throw new IllegalArgumentException(variant);
        }
        long t0 = System.nanoTime();
        double firstRowMs;
        try (CloseableIterator<Row> it = tEnv.executeSql("SELECT f(n) FROM src").collect()) {
            it.next();
            firstRowMs = (System.nanoTime() - t0) / 1e6;
            it.forEachRemaining(r -> {});
        }
        TestStreamEnvironment.unsetAsContext();
        cluster.close();
        System.out.printf(Locale.ROOT, "{\"firstRow\": \"%s\", \"ms\": %.0f}%n", variant, firstRowMs);
    }
}
