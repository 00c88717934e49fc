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
import io.github.flinkwasm.GuestInterruptedException;
import io.github.flinkwasm.WasmLoadException;
import io.github.flinkwasm.engine.CompileLimits;
import io.github.flinkwasm.engine.CompiledModule;
import io.github.flinkwasm.engine.ModuleInfo;
import io.github.flinkwasm.engine.WasmEngine;
import io.github.flinkwasm.engine.WasmEngines;
import io.github.flinkwasm.engine.WasmSignature;
import io.github.flinkwasm.engine.WasmType;
import io.github.flinkwasm.manifest.ExecutionMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    private final ModuleCache<CompiledModule> cache = new ModuleCache<>(CompileLimits::maxCachedModules);
    /** How often each module was compiled: a diagnostic, bounded like the cache (with room to spare). */
    private final Map<String, AtomicInteger> compilations =
            Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, AtomicInteger> eldest) {
                    return size() > 4 * CompileLimits.maxCachedModules();
                }
            });

    private volatile Map<String, WasmSignature> wasiFunctions;

    private ChicoryEngine() {}

    @Override
    public String name() {
        return NAME;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Also refuses bytes above {@link CompileLimits#maxModuleBytes()}.
     */
    @Override
    public ModuleInfo inspect(byte[] bytes) {
        String tooLarge = CompileLimits.sizeProblem(bytes.length);
        if (tooLarge != null) {
            throw new IllegalArgumentException(tooLarge);
        }
        WasmModule module = parse(bytes);
        try {
            return describe(module, WasmEngines.digest(bytes), bytes.length);
        } catch (RuntimeException | AssertionError e) {
            // the decoder accepts some inconsistent modules, such as an export of a missing function
            throw new IllegalArgumentException("inconsistent module: " + ChicoryFunction.describe(e), e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Compiling runs on a thread of its own and may take {@link
     * CompileLimits#compileTimeoutMs()}: a caller waits that long at most, and a compilation that
     * goes on is not started again. The module is kept in a {@link ModuleCache} owned by the
     * caller's context class loader (the job's).
     */
    @Override
    public CompiledModule compile(byte[] bytes, String digest, ExecutionMode mode) {
        String tooLarge = CompileLimits.sizeProblem(bytes.length);
        if (tooLarge != null) {
            throw new WasmLoadException("cannot compile the module: " + tooLarge);
        }
        long timeoutMs = CompileLimits.compileTimeoutMs();
        String key = digest + "/" + mode;
        // the owner of the entry: the job's class loader, which goes away when a session's job ends
        ClassLoader owner = Thread.currentThread().getContextClassLoader();
        CompletableFuture<CompiledModule> compiled =
                cache.get(key, owner, mine -> startCompiling(mine, bytes, digest, mode, key));
        try {
            return timeoutMs == 0 ? compiled.get() : compiled.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new WasmLoadException(
                    "compiling the module took longer than " + timeoutMs + " ms, the limit set by the system property "
                            + CompileLimits.COMPILE_TIMEOUT_MS + "; raise it for a module this large",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GuestInterruptedException("interrupted while waiting for the module to compile", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WasmLoadException) {
                throw new WasmLoadException(cause.getMessage(), cause); // this thread's stack, the same message
            }
            throw new WasmLoadException("cannot compile the module: " + ChicoryFunction.describe(cause), cause);
        }
    }

    /** Compiles on a daemon thread of its own, which ends when compilation ends. */
    private void startCompiling(
            CompletableFuture<CompiledModule> result, byte[] bytes, String digest, ExecutionMode mode, String key) {
        Thread t = new Thread(
                () -> {
                    try {
                        result.complete(compileNow(bytes, digest, mode, key));
                    } catch (Throwable e) {
                        cache.remove(key, result); // a later request tries again
                        result.completeExceptionally(e);
                    }
                },
                "flink-wasm-compile-" + digest.substring(0, Math.min(12, digest.length())));
        t.setDaemon(true);
        t.setContextClassLoader(ChicoryEngine.class.getClassLoader());
        t.start();
    }

    private CompiledModule compileNow(byte[] bytes, String digest, ExecutionMode mode, String key) {
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
    }

    /** How many compiled modules this JVM keeps now (at most {@link CompileLimits#maxCachedModules()}). */
    public int cachedModules() {
        return cache.size();
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
