package io.github.flinkwasm.engine.chicory;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import io.github.flinkwasm.WasmLoadException;
import io.github.flinkwasm.engine.CompiledModule;
import io.github.flinkwasm.engine.ModuleInfo;
import io.github.flinkwasm.engine.WasmEngine;
import io.github.flinkwasm.engine.WasmEngines;
import io.github.flinkwasm.engine.WasmSignature;
import io.github.flinkwasm.engine.WasmType;
import io.github.flinkwasm.manifest.ExecutionMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.flink.annotation.Internal;

/**
 * Chicory (pure Java; runtime compiler to JVM bytecode or interpreter) behind {@link WasmEngine}:
 * the only package that sees Chicory's types. Compiles each module once per JVM. Thread-safe.
 */
@Internal
public final class ChicoryEngine implements WasmEngine {
    /** The {@code vm_config.engine} value of this engine. */
    public static final String NAME = "chicory";

    public static final ChicoryEngine INSTANCE = new ChicoryEngine();

    private final Map<String, CompiledModule> cache = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> compilations = new ConcurrentHashMap<>();
    private volatile Map<String, WasmSignature> wasiFunctions;

    private ChicoryEngine() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ModuleInfo inspect(byte[] bytes) {
        WasmModule module = parse(bytes);
        try {
            return describe(module, WasmEngines.digest(bytes), bytes.length);
        } catch (RuntimeException | AssertionError e) {
            // the decoder accepts some inconsistent modules, such as an export of a missing function
            throw new IllegalArgumentException("inconsistent module: " + ChicoryFunction.describe(e), e);
        }
    }

    @Override
    public CompiledModule compile(byte[] bytes, String digest, ExecutionMode mode) {
        return cache.computeIfAbsent(digest + "/" + mode, key -> {
            WasmModule module;
            Function<Instance, Machine> factory;
            try {
                module = parse(bytes);
                factory = mode == ExecutionMode.COMPILED ? compiler(module).compile() : InterpreterMachine::new;
            } catch (RuntimeException | AssertionError e) {
                throw new WasmLoadException("cannot compile the module: " + ChicoryFunction.describe(e), e);
            }
            compilations.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            return new ChicoryModule(module, factory, describe(module, digest, bytes.length), mode);
        });
    }

    private static MachineFactoryCompiler.Builder compiler(WasmModule module) {
        MachineFactoryCompiler.Builder builder =
                MachineFactoryCompiler.builder(module).withInterpreterFallback(InterpreterFallback.SILENT);
        CompileCache cache = CompileCache.fromSystemProperty();
        return cache == null ? builder : builder.withCache(cache);
    }

    @Override
    public int compilations(String digest, ExecutionMode mode) {
        AtomicInteger n = compilations.get(digest + "/" + mode);
        return n == null ? 0 : n.get();
    }

    @Override
    public Map<String, WasmSignature> wasiFunctions() {
        Map<String, WasmSignature> w = wasiFunctions;
        if (w == null) {
            Map<String, WasmSignature> out = new HashMap<>();
            try (WasiPreview1 wasi = WasiPreview1.builder().build()) {
                for (var f : wasi.toHostFunctions()) {
                    out.put(
                            f.module() + "." + f.name(),
                            WasmSignature.of(types(f.paramTypes()), types(f.returnTypes())));
                }
            }
            w = wasiFunctions = Map.copyOf(out);
        }
        return w;
    }

    private static WasmModule parse(byte[] bytes) {
        try {
            return Parser.parse(bytes);
        } catch (RuntimeException | AssertionError e) { // the decoder asserts on some malformed input
            throw new IllegalArgumentException(ChicoryFunction.describe(e), e);
        }
    }

    private static ModuleInfo describe(WasmModule module, String digest, int size) {
        List<ModuleInfo.Import> imports = new ArrayList<>();
        List<FunctionType> importedFunctionTypes = new ArrayList<>();
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imp = module.importSection().getImport(i);
            WasmSignature sig = null;
            if (imp instanceof FunctionImport) {
                FunctionType t = module.typeSection().getType(((FunctionImport) imp).typeIndex());
                importedFunctionTypes.add(t);
                sig = signature(t);
            }
            imports.add(new ModuleInfo.Import(
                    imp.module(), imp.name(), imp.importType().name().toLowerCase(Locale.ROOT), sig));
        }
        Map<String, WasmSignature> functions = new LinkedHashMap<>();
        Map<String, String> others = new LinkedHashMap<>();
        boolean memoryExported = false;
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            Export e = module.exportSection().getExport(i);
            if (e.exportType() == ExternalType.FUNCTION) {
                int idx = e.index();
                FunctionType t = idx < importedFunctionTypes.size()
                        ? importedFunctionTypes.get(idx)
                        : module.functionSection()
                                .getFunctionType(idx - importedFunctionTypes.size(), module.typeSection());
                functions.put(e.name(), signature(t));
            } else {
                others.put(e.name(), e.exportType().name().toLowerCase(Locale.ROOT));
                if (e.exportType() == ExternalType.MEMORY && e.index() == 0) {
                    memoryExported = true;
                }
            }
        }
        ModuleInfo.MemoryInfo memory = null;
        if (module.memorySection().isPresent() && module.memorySection().get().memoryCount() > 0) {
            MemoryLimits l = module.memorySection().get().getMemory(0).limits();
            memory = new ModuleInfo.MemoryInfo(l.initialPages(), declaredMax(l), memoryExported);
        }
        return new ModuleInfo(digest, size, functions, others, imports, memory);
    }

    private static int declaredMax(MemoryLimits l) {
        // Chicory reports "no maximum" as the largest page count
        return l.maximumPages() >= MemoryLimits.MAX_PAGES ? -1 : l.maximumPages();
    }

    private static WasmSignature signature(FunctionType t) {
        return WasmSignature.of(types(t.params()), types(t.returns()));
    }

    private static List<WasmType> types(List<ValType> vals) {
        List<WasmType> out = new ArrayList<>(vals.size());
        for (ValType v : vals) {
            out.add(type(v));
        }
        return out;
    }

    private static WasmType type(ValType v) {
        if (v.equals(ValType.I32)) {
            return WasmType.I32;
        } else if (v.equals(ValType.I64)) {
            return WasmType.I64;
        } else if (v.equals(ValType.F32)) {
            return WasmType.F32;
        } else if (v.equals(ValType.F64)) {
            return WasmType.F64;
        }
        return null;
    }

    static List<ValType> valTypes(List<WasmType> types) {
        List<ValType> out = new ArrayList<>(types.size());
        for (WasmType t : types) {
            out.add(
                    switch (t) {
                        case I32 -> ValType.I32;
                        case I64 -> ValType.I64;
                        case F32 -> ValType.F32;
                        case F64 -> ValType.F64;
                    });
        }
        return out;
    }
}
