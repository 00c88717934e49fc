package io.github.flinkwasm.unload;

import io.github.flinkwasm.datastream.FailedCall;
import io.github.flinkwasm.engine.CompiledModule;
import io.github.flinkwasm.engine.HostFunction;
import io.github.flinkwasm.engine.InstanceOptions;
import io.github.flinkwasm.engine.ModuleInfo;
import io.github.flinkwasm.engine.StopSignal;
import io.github.flinkwasm.engine.WasmEngine;
import io.github.flinkwasm.engine.WasmEngines;
import io.github.flinkwasm.engine.WasmInstance;
import io.github.flinkwasm.engine.WasmType;
import io.github.flinkwasm.invoke.AggregateInvoker;
import io.github.flinkwasm.invoke.FunctionInvoker;
import io.github.flinkwasm.manifest.ExecutionMode;
import io.github.flinkwasm.manifest.WasiConfig;
import io.github.flinkwasm.metrics.MetricsRecorder;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.testing.TestPlugins;
import io.github.flinkwasm.types.Representation;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;

/**
 * What a job does with the library, run inside a throwaway class loader by {@link
 * ClassLoaderReleaseTest}: a SQL function called through its invoker (the direct path for numbers),
 * functions of strings, ROW results, a table function and an aggregate, the direct calls of every arity of a compiled module and the export calls of an interpreted one. Only JDK types cross the loader's
 * border.
 */
public final class UnloadProbe implements LongSupplier {
    private static final int CALLS = 20_000;

    @Override
    public long getAsLong() {
        try {
            return throughTheInvoker()
                    + otherKinds()
                    + directCalls(ExecutionMode.COMPILED)
                    + directCalls(ExecutionMode.INTERPRETED)
                    + records();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long throughTheInvoker() {
        Plugin plugin = TestPlugins.loadSample("seed_wat");
        long sum = 0;
        try (FunctionInvoker f =
                FunctionInvoker.open(plugin, "wat_sum", MetricsRecorder.NONE, Representation.SQL_FUNCTION)) {
            for (int i = 0; i < CALLS; i++) {
                sum += ((Number) f.invoke(i, 1)).longValue();
            }
        }
        return sum;
    }

    /** Strings, ROW results (Extism and binary), a table function and an aggregate. */
    private static long otherKinds() {
        long n = 0;
        try (FunctionInvoker greet = FunctionInvoker.open(
                        TestPlugins.loadSample("text"), "greet", MetricsRecorder.NONE, Representation.SQL_FUNCTION);
                FunctionInvoker vowels = FunctionInvoker.open(
                        TestPlugins.loadSample("extism_sample"),
                        "count_vowels",
                        MetricsRecorder.NONE,
                        Representation.SQL_FUNCTION);
                FunctionInvoker tokens = FunctionInvoker.open(
                        TestPlugins.loadSample("kinds_c"), "c_tokens", MetricsRecorder.NONE, Representation.JAVA);
                AggregateInvoker distinct = AggregateInvoker.open(
                        TestPlugins.loadSample("kinds_c"),
                        "c_approx_distinct",
                        MetricsRecorder.NONE,
                        Representation.JAVA)) {
            byte[] acc = distinct.create();
            for (int i = 0; i < CALLS / 10; i++) {
                n += greet.invoke(StringData.fromString("x" + i)).toString().length();
                n += ((RowData) vowels.invoke(StringData.fromString("hello " + i))).getInt(0);
                n += ((Object[]) tokens.invoke("to be or not " + i)).length;
                acc = distinct.accumulate(acc, "v" + (i % 7));
            }
            n += ((Number) distinct.result(acc)).longValue();
        }
        return n;
    }

    /**
     * The library's records compared, hashed and printed, as a job's code may do: on JDK 17 the
     * methods a record gets by default keep its class in handles the JDK shares (see Records).
     */
    private static long records() throws Exception {
        Plugin a = TestPlugins.loadSample("seed_wat");
        Plugin b = TestPlugins.loadSample("seed_wat");
        byte[] wasm = Files.readAllBytes(TestPlugins.testModule("numbers"));
        ModuleInfo info = WasmEngines.get(WasmEngines.DEFAULT)
                .compile(wasm, WasmEngines.digest(wasm), ExecutionMode.COMPILED)
                .info();
        HostFunction host = new HostFunction("test", "twice", List.of(WasmType.I32), List.of(WasmType.I32), null);
        List<Object> values = new ArrayList<>(List.of(
                a,
                a.manifest(),
                a.manifest().vmConfig(),
                a.manifest().vmConfig().wasi(),
                a.manifest().functions().get(0),
                a.functions().get(0),
                info,
                host,
                new InstanceOptions("numbers", 16, WasiConfig.DISABLED, List.of(host), new StopSignal()),
                new FailedCall<>("x", "failed")));
        info.imports().forEach(values::add);
        values.add(info.memory());
        long n = 0;
        for (Object v : values) {
            n += v.equals(v) ? 1 : 0;
            n += v.hashCode();
            n += v.toString().length();
        }
        n += a.manifest().equals(b.manifest()) ? 1 : 0;
        return n;
    }

    private static long directCalls(ExecutionMode mode) throws Exception {
        byte[] wasm = Files.readAllBytes(TestPlugins.testModule("numbers"));
        WasmEngine engine = WasmEngines.get(WasmEngines.DEFAULT);
        CompiledModule module = engine.compile(wasm, WasmEngines.digest(wasm), mode);
        List<HostFunction> host = List.of(
                new HostFunction("test", "twice", List.of(WasmType.I32), List.of(WasmType.I32), (memory, args) ->
                        new long[] {2 * args[0]}));
        long sum = 0;
        try (WasmInstance instance =
                module.instantiate(new InstanceOptions("numbers", 16, WasiConfig.DISABLED, host, new StopSignal()))) {
            for (int i = 0; mode == ExecutionMode.COMPILED && i < CALLS; i++) {
                sum += module.numbersCall("answer").call(instance);
                sum += module.numbersCall("neg").call(instance, i);
                sum += module.numbersCall("add").call(instance, i, 1);
                sum += module.numbersCall("mixed").call(instance, i, 2, Double.doubleToRawLongBits(0.5));
                sum += module.numbersCall("host").call(instance, i);
            }
            for (int i = 0; i < CALLS; i++) {
                sum += instance.function("add").call(new long[] {i, 2})[0];
            }
        }
        return sum;
    }
}
