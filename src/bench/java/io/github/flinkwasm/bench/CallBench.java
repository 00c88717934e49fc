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
import io.github.flinkwasm.table.WasmScalarFunction;
import io.github.flinkwasm.types.Representation;
import io.github.flinkwasm.types.ValueKind;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.apache.flink.table.types.utils.TypeConversions;
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
 * metrics, timeout guard, conversions, the memory ABI), and the same function in plain Java.
 *
 * <p>Structured values (ROW, ARRAY, the mixed ROW) start and end as Flink's internal data
 * ({@code RowData}, {@code ArrayData}), as a SQL row holds them, and each variant pays the
 * conversions Flink's generated code does around it: the Java UDF's to and from {@code Row} and
 * {@code Double[]}, ours to and from whatever class our type inference declares.
 *
 * <p>The echo of a 16-byte string compares this library's ABI with Extism's (an unmodified Extism
 * plugin built with Extism's AssemblyScript PDK, whose input and output cross through Extism's host
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
    private FunctionInvoker top3;
    private FunctionInvoker mixed;
    private FunctionInvoker upper8;

    private final JavaFunctions.Add javaAdd = new JavaFunctions.Add();

    // ---- eight calls of add per row, as the cheap8 end-to-end case: eight SQL function objects
    // (Flink's generated code holds one per call site), called through eval(Object, Object)
    private final ExportFunction[] bareAdd8 = new ExportFunction[8];
    private final WasmScalarFunction[] add8 = new WasmScalarFunction[8];
    private final io.github.flinkwasm.engine.WasmInstance[] direct8 = new io.github.flinkwasm.engine.WasmInstance[8];
    private io.github.flinkwasm.engine.NumbersCall directAdd;
    private final WasmScalarFunction[] add8NoTimeout = new WasmScalarFunction[8];
    private final JavaFunctions.Add[] javaAdd8 = new JavaFunctions.Add[8];
    private final Integer[] ks = {1, 2, 3, 4, 5, 6, 7, 8};
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
    private RowData rowValue;
    /** BinaryRowData arguments as the Calc writes them, cycled through. */
    private RowData[] flinkRows;

    private int nextFlinkRow;
    private org.apache.flink.table.runtime.typeutils.RowDataSerializer rowSerializer;
    private final org.apache.flink.core.memory.DataOutputSerializer wire =
            new org.apache.flink.core.memory.DataOutputSerializer(256);
    private ArrayData arrayValue;
    private RowData mixedValue;
    private byte[] rowJson;
    private byte[] arrayJson;
    private ExportFunction bareEcho;
    private ExportFunction bareTop3;
    private ExportFunction bareUpper8;
    private Conversion rowWasm;
    private Conversion rowJavaConv;
    private Conversion top3Wasm;
    private Conversion top3JavaConv;
    private Conversion mixedWasm;
    private Conversion mixedJavaConv;
    private final JavaFunctions.RowEcho javaRow = new JavaFunctions.RowEcho();
    private final JavaFunctions.Top3 javaTop3 = new JavaFunctions.Top3();
    private final JavaFunctions.MixedEcho javaMixed = new JavaFunctions.MixedEcho();

    /**
     * What Flink's generated code does around a function for one SQL type: from the internal data
     * to the function's class and back (the identity when the class is the internal one).
     */
    static final class Conversion {
        final DataStructureConverter<Object, Object> in;
        final DataStructureConverter<Object, Object> out;

        Conversion(DataType declared) {
            in = DataStructureConverters.getConverter(declared);
            out = DataStructureConverters.getConverter(declared);
            in.open(CallBench.class.getClassLoader());
            out.open(CallBench.class.getClassLoader());
        }

        /** The conversion of a wasm function's values: the class our type inference declares. */
        static Conversion wasm(String sqlType) {
            DataType declared = TypeConversions.fromLogicalToDataType(
                    LogicalTypeParser.parse(sqlType, CallBench.class.getClassLoader()));
            return new Conversion(
                    ValueKind.of(declared.getLogicalType()).codec().sqlDataType(declared));
        }

        /** The conversion of a Java UDF's values: Flink's default class ({@code Row}, {@code Double[]}). */
        static Conversion java(String sqlType) {
            return new Conversion(TypeConversions.fromLogicalToDataType(
                    LogicalTypeParser.parse(sqlType, CallBench.class.getClassLoader())));
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
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
        bareEcho = bare.export("echo");
        bareTop3 = bare.export("top3");
        bareUpper8 = bare.export("upper8");

        Plugin plugin = BenchPlugins.load("jmh_" + mode, mode, 1000, 1);
        Plugin untimed = BenchPlugins.load("jmh_" + mode + "_untimed", mode, 0, 1);
        add = open(plugin, "w_add");
        addNoTimeout = open(untimed, "w_add");
        fib = open(plugin, "w_fib");
        upper = open(plugin, "w_upper");
        row = open(plugin, "w_row");
        echo = open(plugin, "w_echo");
        extismEcho = open(BenchPlugins.loadExtismEcho("jmh_extism_" + mode, mode, 1000), "x_echo");
        top3 = open(plugin, "w_top3");
        mixed = open(plugin, "w_mixed");
        upper8 = open(plugin, "w_upper8");

        if (mode.equals("compiled")) {
            byte[] wasm = Files.readAllBytes(BenchPlugins.WASM);
            io.github.flinkwasm.engine.CompiledModule engineModule = io.github.flinkwasm.engine.WasmEngines.get(
                            "chicory")
                    .compile(
                            wasm,
                            io.github.flinkwasm.engine.WasmEngines.digest(wasm),
                            io.github.flinkwasm.manifest.ExecutionMode.COMPILED);
            for (int k = 0; k < 8; k++) {
                direct8[k] = engineModule.instantiate(new io.github.flinkwasm.engine.InstanceOptions(
                        "direct",
                        16,
                        io.github.flinkwasm.manifest.WasiConfig.DISABLED,
                        java.util.List.of(),
                        new io.github.flinkwasm.engine.StopSignal()));
            }
            directAdd = engineModule.numbersCall("add");
        }
        for (int k = 0; k < 8; k++) {
            bareAdd8[k] = builder.build().export("add");
            add8[k] = new WasmScalarFunction(plugin, "w_add");
            add8[k].open(new FunctionContext(null));
            add8NoTimeout[k] = new WasmScalarFunction(untimed, "w_add");
            add8NoTimeout[k].open(new FunctionContext(null));
            javaAdd8[k] = new JavaFunctions.Add();
        }

        jstr16 = BenchPlugins.text(16);
        jstr1k = BenchPlugins.text(1024);
        bytes16 = jstr16.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        bytes1k = jstr1k.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        str16 = StringData.fromString(jstr16);
        str1k = StringData.fromString(jstr1k);
        rowValue = GenericRowData.of(42, StringData.fromString(jstr16));
        java.util.Random ints = new java.util.Random(7);
        flinkRows = new RowData[16];
        for (int i = 0; i < flinkRows.length; i++) {
            org.apache.flink.table.data.binary.BinaryRowData r =
                    new org.apache.flink.table.data.binary.BinaryRowData(2);
            org.apache.flink.table.data.writer.BinaryRowWriter w =
                    new org.apache.flink.table.data.writer.BinaryRowWriter(r);
            w.writeInt(0, ints.nextInt());
            w.writeString(1, StringData.fromString(BenchPlugins.text(16).substring(i) + BenchPlugins.text(i)));
            w.complete();
            flinkRows[i] = r;
        }
        rowSerializer = new org.apache.flink.table.runtime.typeutils.RowDataSerializer(
                (org.apache.flink.table.types.logical.RowType)
                        LogicalTypeParser.parse(BenchPlugins.ROW_TYPE, CallBench.class.getClassLoader()));
        rowJson = ("{\"a\":42,\"b\":\"" + jstr16 + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.util.Random random = new java.util.Random(42);
        Double[] doubles = new Double[16];
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < doubles.length; i++) {
            doubles[i] = random.nextDouble() * 1000 - 500;
            json.append(i == 0 ? "" : ",").append(doubles[i]);
        }
        arrayJson = json.append(']').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        arrayValue = new GenericArrayData(doubles);
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(StringData.fromString("one"), 1);
        m.put(StringData.fromString("two"), 2);
        mixedValue = GenericRowData.of(
                DecimalData.fromBigDecimal(new BigDecimal("12345.67"), 10, 2),
                TimestampData.fromLocalDateTime(LocalDateTime.parse("2024-05-01T12:30:45.123")),
                new GenericMapData(m));
        rowWasm = Conversion.wasm(BenchPlugins.ROW_TYPE);
        rowJavaConv = Conversion.java(BenchPlugins.ROW_TYPE);
        top3Wasm = Conversion.wasm(BenchPlugins.ARRAY_TYPE);
        top3JavaConv = Conversion.java(BenchPlugins.ARRAY_TYPE);
        mixedWasm = Conversion.wasm(BenchPlugins.MIXED_TYPE);
        mixedJavaConv = Conversion.java(BenchPlugins.MIXED_TYPE);
        // the guest and the Java UDF agree
        String wasmTop3 = java.util.Arrays.toString(((ArrayData) top3Invoker()).toDoubleArray());
        String javaTop3 = java.util.Arrays.toString(((ArrayData) top3Java()).toDoubleArray());
        if (!wasmTop3.equals(javaTop3)) {
            throw new IllegalStateException("top3: wasm " + wasmTop3 + " but Java " + javaTop3);
        }
    }

    private static FunctionInvoker open(Plugin plugin, String function) {
        return FunctionInvoker.open(
                plugin,
                function,
                WasmFunctionMetrics.register(new UnregisteredMetricsGroup(), plugin.name(), function),
                Representation.SQL_FUNCTION);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        for (int k = 0; k < 8; k++) {
            add8[k].close();
            add8NoTimeout[k].close();
        }
        add.close();
        addNoTimeout.close();
        fib.close();
        upper.close();
        row.close();
        echo.close();
        extismEcho.close();
        top3.close();
        mixed.close();
        upper8.close();
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

    @Benchmark
    public int add8Chicory() {
        int sum = 0;
        for (int k = 0; k < 8; k++) {
            args2[0] = a;
            args2[1] = ks[k];
            sum += (int) bareAdd8[k].apply(args2)[0];
        }
        return sum;
    }

    /** The floor of {@code add8Wasm}: 8 direct calls ({@code NumbersCall}), nothing of the invoker. */
    @Benchmark
    public int add8Direct() {
        int sum = 0;
        if (directAdd == null) {
            return 0; // interpreted: no direct call
        }
        for (int k = 0; k < 8; k++) {
            sum += (int) directAdd.call(direct8[k], a, ks[k]);
        }
        return sum;
    }

    @Benchmark
    public int add8Wasm() {
        int sum = 0;
        for (int k = 0; k < 8; k++) {
            sum += (Integer) add8[k].eval(a, ks[k]);
        }
        return sum;
    }

    @Benchmark
    public int add8WasmNoTimeout() {
        int sum = 0;
        for (int k = 0; k < 8; k++) {
            sum += (Integer) add8NoTimeout[k].eval(a, ks[k]);
        }
        return sum;
    }

    @Benchmark
    public int add8Java() {
        int sum = 0;
        for (int k = 0; k < 8; k++) {
            sum += javaAdd8[k].eval(a, ks[k]);
        }
        return sum;
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
        return bareCall(bareUpper, in);
    }

    /** The memory ABI by hand: alloc, write, call, copy the result out, two deallocs. */
    private byte[] bareCall(ExportFunction function, byte[] in) {
        args1[0] = in.length;
        int ptr = (int) bareAlloc.apply(args1)[0];
        bareMemory.write(ptr, in);
        args2[0] = ptr;
        args2[1] = in.length;
        long packed = function.apply(args2)[0];
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

    @Benchmark
    public byte[] upper1kWordsChicory() {
        return bareCall(bareUpper8, bytes1k);
    }

    @Benchmark
    public Object upper1kWordsInvoker() {
        return upper8.invoke(str1k);
    }

    // ---- ROW<a INT, b STRING> identity through JSON

    /** The floor: the JSON text, already encoded, through the bare memory ABI; no encoding or parsing. */
    @Benchmark
    public byte[] rowChicory() {
        return bareCall(bareEcho, rowJson);
    }

    @Benchmark
    public Object rowInvoker() {
        return rowWasm.out.toInternalOrNull(row.invoke(rowWasm.in.toExternalOrNull(rowValue)));
    }

    @Benchmark
    public Object rowJava() {
        return rowJavaConv.out.toInternalOrNull(javaRow.eval((Row) rowJavaConv.in.toExternalOrNull(rowValue)));
    }

    // ---- the same identity as a Flink job runs it: the argument a BinaryRowData as the Calc builds it
    // (full-range INTs, as datagen makes), the result serialised for the next task as RecordWriter does

    @Benchmark
    public int rowFlinkInvoker() throws java.io.IOException {
        RowData in = flinkRows[nextFlinkRow++ & (flinkRows.length - 1)];
        return serialised((RowData) rowWasm.out.toInternalOrNull(row.invoke(rowWasm.in.toExternalOrNull(in))));
    }

    @Benchmark
    public int rowFlinkJava() throws java.io.IOException {
        RowData in = flinkRows[nextFlinkRow++ & (flinkRows.length - 1)];
        return serialised(
                (RowData) rowJavaConv.out.toInternalOrNull(javaRow.eval((Row) rowJavaConv.in.toExternalOrNull(in))));
    }

    private int serialised(RowData r) throws java.io.IOException {
        wire.clear();
        rowSerializer.serialize(r, wire);
        return wire.length();
    }

    // ---- top 3 of an ARRAY<DOUBLE> of 16 elements through JSON

    @Benchmark
    public byte[] top3Chicory() {
        return bareCall(bareTop3, arrayJson);
    }

    @Benchmark
    public Object top3Invoker() {
        return top3Wasm.out.toInternalOrNull(top3.invoke(top3Wasm.in.toExternalOrNull(arrayValue)));
    }

    @Benchmark
    public Object top3Java() {
        return top3JavaConv.out.toInternalOrNull(
                javaTop3.eval((Double[]) top3JavaConv.in.toExternalOrNull(arrayValue)));
    }

    // ---- ROW<d DECIMAL(10, 2), t TIMESTAMP(3), m MAP<STRING, INT>> identity through JSON

    @Benchmark
    public Object mixedInvoker() {
        return mixedWasm.out.toInternalOrNull(mixed.invoke(mixedWasm.in.toExternalOrNull(mixedValue)));
    }

    @Benchmark
    public Object mixedJava() {
        return mixedJavaConv.out.toInternalOrNull(javaMixed.eval((Row) mixedJavaConv.in.toExternalOrNull(mixedValue)));
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
