package io.github.flinkwasm.bench;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.github.flinkwasm.invoke.FunctionInvoker;
import io.github.flinkwasm.metrics.WasmFunctionMetrics;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.types.Representation;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.types.Row;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Per-call cost of one function: a bare Chicory call ({@code ExportFunction.apply} with a reused
 * argument array, the floor), our {@link FunctionInvoker} (what a Flink row pays: NULL checks,
 * metrics, timeout guard, conversions, the memory ABI), and the same function in plain Java. The
 * echo of a 16-byte string compares this library's ABI with Extism's (an unmodified Extism plugin
 * built with Extism's AssemblyScript PDK, whose input and output cross through Extism's host
 * functions, eight bytes a call).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CallBench {

    @Param({"compiled", "interpreted"})
    public String mode;

    private Instance bare;
    private Memory bareMemory;
    private ExportFunction bareAdd;
    private ExportFunction bareFib;
    private ExportFunction bareUpper;
    private ExportFunction bareAlloc;
    private ExportFunction bareDealloc;
    private final long[] args2 = new long[2];
    private final long[] args1 = new long[1];

    private FunctionInvoker add;
    private FunctionInvoker addNoTimeout;
    private FunctionInvoker fib;
    private FunctionInvoker upper;
    private FunctionInvoker row;
    private FunctionInvoker echo;
    private FunctionInvoker extismEcho;

    private final JavaFunctions.Add javaAdd = new JavaFunctions.Add();
    private final JavaFunctions.Fib javaFib = new JavaFunctions.Fib();
    private final JavaFunctions.Upper javaUpper = new JavaFunctions.Upper();

    private Integer a = 40000;
    private Integer b = 2026;
    private Integer n = 20;
    private byte[] bytes16;
    private byte[] bytes1k;
    private StringData str16;
    private StringData str1k;
    private String jstr16;
    private String jstr1k;
    private Row rowValue;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        WasmModule module = Parser.parse(Files.readAllBytes(BenchPlugins.WASM));
        Instance.Builder builder = Instance.builder(module).withMemoryFactory(ByteArrayMemory::new);
        builder = mode.equals("compiled")
                ? builder.withMachineFactory(MachineFactoryCompiler.compile(module))
                : builder.withMachineFactory(InterpreterMachine::new);
        bare = builder.build();
        bareMemory = bare.memory();
        bareAdd = bare.export("add");
        bareFib = bare.export("fib");
        bareUpper = bare.export("upper");
        bareAlloc = bare.export("alloc");
        bareDealloc = bare.export("dealloc");

        Plugin plugin = BenchPlugins.load("jmh_" + mode, mode, 1000, 1);
        Plugin untimed = BenchPlugins.load("jmh_" + mode + "_untimed", mode, 0, 1);
        add = open(plugin, "w_add");
        addNoTimeout = open(untimed, "w_add");
        fib = open(plugin, "w_fib");
        upper = open(plugin, "w_upper");
        row = open(plugin, "w_row");
        echo = open(plugin, "w_echo");
        extismEcho = open(BenchPlugins.loadExtismEcho("jmh_extism_" + mode, mode, 1000), "x_echo");

        jstr16 = BenchPlugins.text(16);
        jstr1k = BenchPlugins.text(1024);
        bytes16 = jstr16.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        bytes1k = jstr1k.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        str16 = StringData.fromString(jstr16);
        str1k = StringData.fromString(jstr1k);
        rowValue = Row.of(42, jstr16);
    }

    private static FunctionInvoker open(Plugin plugin, String function) {
        return FunctionInvoker.open(
                plugin,
                function,
                WasmFunctionMetrics.register(new UnregisteredMetricsGroup(), plugin.name(), function),
                Representation.SQL_FUNCTION);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        add.close();
        addNoTimeout.close();
        fib.close();
        upper.close();
        row.close();
        echo.close();
        extismEcho.close();
    }

    // ---- i32 add: call overhead

    @Benchmark
    public long addChicory() {
        args2[0] = a;
        args2[1] = b;
        return bareAdd.apply(args2)[0];
    }

    @Benchmark
    public Object addInvoker() {
        return add.invoke(a, b);
    }

    @Benchmark
    public Object addInvokerNoTimeout() {
        return addNoTimeout.invoke(a, b);
    }

    @Benchmark
    public Object addJava() {
        return javaAdd.eval(a, b);
    }

    // ---- recursive fib(20): compute

    @Benchmark
    public long fibChicory() {
        args1[0] = n;
        return bareFib.apply(args1)[0];
    }

    @Benchmark
    public Object fibInvoker() {
        return fib.invoke(n);
    }

    @Benchmark
    public Object fibJava() {
        return javaFib.eval(n);
    }

    // ---- upper case of 16 B and 1 KiB: data crossing

    private byte[] upperChicory(byte[] in) {
        args1[0] = in.length;
        int ptr = (int) bareAlloc.apply(args1)[0];
        bareMemory.write(ptr, in);
        args2[0] = ptr;
        args2[1] = in.length;
        long packed = bareUpper.apply(args2)[0];
        int outPtr = (int) (packed >>> 32);
        int outLen = (int) packed;
        byte[] out = bareMemory.readBytes(outPtr, outLen);
        args2[0] = outPtr;
        args2[1] = outLen;
        bareDealloc.apply(args2);
        args2[0] = ptr;
        args2[1] = in.length;
        bareDealloc.apply(args2);
        return out;
    }

    @Benchmark
    public byte[] upper16Chicory() {
        return upperChicory(bytes16);
    }

    @Benchmark
    public Object upper16Invoker() {
        return upper.invoke(str16);
    }

    @Benchmark
    public Object upper16Java() {
        return javaUpper.eval(jstr16);
    }

    @Benchmark
    public Object upper16BuiltIn() {
        return ((BinaryStringData) str16).toUpperCase();
    }

    @Benchmark
    public byte[] upper1kChicory() {
        return upperChicory(bytes1k);
    }

    @Benchmark
    public Object upper1kInvoker() {
        return upper.invoke(str1k);
    }

    @Benchmark
    public Object upper1kJava() {
        return javaUpper.eval(jstr1k);
    }

    @Benchmark
    public Object upper1kBuiltIn() {
        return ((BinaryStringData) str1k).toUpperCase();
    }

    // ---- ROW<a INT, b STRING> through JSON

    @Benchmark
    public Object rowInvoker() {
        return row.invoke(rowValue);
    }

    // ---- echo of a 16-byte string: our ABI against Extism's

    @Benchmark
    public Object echo16Invoker() {
        return echo.invoke(str16);
    }

    @Benchmark
    public Object echo16Extism() {
        return extismEcho.invoke(str16);
    }
}
