package io.github.flinkwasm.runtime;

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
import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.manifest.ExecutionMode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
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

/**
 * The seam to Chicory: reads modules and compiles each one once per JVM. Everything above this
 * package sees only {@link ModuleInfo}, {@link CompiledModule}, {@link WasmInstance} and {@link
 * GuestFunction}. Thread-safe.
 */
public final class WasmRuntime {
    /** Host module of the WASI preview 1 functions. */
    public static final String WASI_MODULE = "wasi_snapshot_preview1";

    private static final ModuleCache<CompiledModule> CACHE = new ModuleCache<>(CompileLimits::maxCachedModules);
    /** How often each module was compiled: a diagnostic, bounded like the cache (with room to spare). */
    private static final Map<String, AtomicInteger> COMPILATIONS =
            Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, AtomicInteger> eldest) {
                    return size() > 4 * CompileLimits.maxCachedModules();
                }
            });

    private static final Map<String, WasmSignature> WASI_FUNCTIONS = wasiFunctions();

    private WasmRuntime() {
        // no instances
    }

    /** Lower-case hex SHA-256 of the bytes: the identity of a module. */
    public static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Decodes and validates a module and describes it.
     *
     * @throws IllegalArgumentException with Chicory's explanation when the bytes are not a valid
     *     module, or when they are above {@link CompileLimits#maxModuleBytes()}
     */
    public static ModuleInfo inspect(byte[] bytes) {
        String tooLarge = CompileLimits.sizeProblem(bytes.length);
        if (tooLarge != null) {
            throw new IllegalArgumentException(tooLarge);
        }
        WasmModule module = parse(bytes);
        try {
            return describe(module, digest(bytes), bytes.length);
        } catch (RuntimeException | AssertionError e) {
            // the decoder accepts some inconsistent modules, such as an export of a missing function
            throw new IllegalArgumentException("inconsistent module: " + GuestFunction.describe(e), e);
        }
    }

    /**
     * The compiled form of a module, made on first request and shared by every later caller in
     * this JVM (every subtask and every function of every plugin with the same bytes and mode).
     * Compiling runs on a thread of its own and may take {@link CompileLimits#compileTimeoutMs()}:
     * a caller waits that long at most, and a compilation that goes on is not started again.
     *
     * @param digest {@link #digest} of the bytes, the cache key
     * @throws WasmCallException when the module cannot be compiled in time or at all
     * @throws GuestInterruptedException when the calling thread is interrupted while it waits
     */
    public static CompiledModule compile(byte[] bytes, String digest, ExecutionMode mode) {
        String tooLarge = CompileLimits.sizeProblem(bytes.length);
        if (tooLarge != null) {
            throw new WasmCallException("cannot compile the module: " + tooLarge);
        }
        long timeoutMs = CompileLimits.compileTimeoutMs();
        String key = digest + "/" + mode;
        // the owner of the entry: the job's class loader, which goes away when a session's job ends
        ClassLoader owner = Thread.currentThread().getContextClassLoader();
        CompletableFuture<CompiledModule> compiled =
                CACHE.get(key, owner, mine -> startCompiling(mine, bytes, digest, mode, key));
        try {
            return timeoutMs == 0 ? compiled.get() : compiled.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new WasmCallException(
                    "compiling the module took longer than " + timeoutMs + " ms, the limit set by the system property "
                            + CompileLimits.COMPILE_TIMEOUT_MS + "; raise it for a module this large",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GuestInterruptedException("interrupted while waiting for the module to compile", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WasmCallException) {
                throw new WasmCallException(cause.getMessage(), cause); // this thread's stack, the same message
            }
            throw new WasmCallException("cannot compile the module: " + GuestFunction.describe(cause), cause);
        }
    }

    /** Compiles on a daemon thread of its own, which ends when compilation ends. */
    private static void startCompiling(
            CompletableFuture<CompiledModule> result, byte[] bytes, String digest, ExecutionMode mode, String key) {
        Thread t = new Thread(
                () -> {
                    try {
                        result.complete(compileNow(bytes, digest, mode, key));
                    } catch (Throwable e) {
                        CACHE.remove(key, result); // a later request tries again
                        result.completeExceptionally(e);
                    }
                },
                "flink-wasm-compile-" + digest.substring(0, Math.min(12, digest.length())));
        t.setDaemon(true);
        t.setContextClassLoader(WasmRuntime.class.getClassLoader());
        t.start();
    }

    private static CompiledModule compileNow(byte[] bytes, String digest, ExecutionMode mode, String key) {
        long start = System.nanoTime();
        WasmModule module;
        try {
            module = parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new WasmCallException("cannot compile the module: " + e.getMessage(), e);
        }
        Function<Instance, Machine> factory;
        try {
            factory = mode == ExecutionMode.COMPILED ? compiler(module).compile() : InterpreterMachine::new;
        } catch (RuntimeException | AssertionError e) {
            throw new WasmCallException("cannot compile the module: " + GuestFunction.describe(e), e);
        }
        COMPILATIONS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        return new CompiledModule(
                module, factory, describe(module, digest, bytes.length), mode, System.nanoTime() - start);
    }

    private static MachineFactoryCompiler.Builder compiler(WasmModule module) {
        MachineFactoryCompiler.Builder builder =
                MachineFactoryCompiler.builder(module).withInterpreterFallback(InterpreterFallback.SILENT);
        CompileCache cache = CompileCache.fromSystemProperty();
        return cache == null ? builder : builder.withCache(cache);
    }

    /** How many compiled modules this JVM keeps now (at most {@link CompileLimits#maxCachedModules()}). */
    public static int cachedModules() {
        return CACHE.size();
    }

    /**
     * How often the module with this digest was compiled in this JVM in this mode: once, unless it
     * was dropped from the cache in between.
     */
    public static int compilations(String digest, ExecutionMode mode) {
        AtomicInteger n = COMPILATIONS.get(digest + "/" + mode);
        return n == null ? 0 : n.get();
    }

    /**
     * Signatures of the functions the host provides to a module, by {@code module.name}: {@code
     * flink_wasm.*} always, {@code wasi_snapshot_preview1.*} when WASI is granted.
     */
    public static Map<String, WasmSignature> hostFunctions(boolean wasi) {
        Map<String, WasmSignature> out = new LinkedHashMap<>();
        HostEnvironment.FUNCTIONS.forEach((n, s) -> out.put(HostEnvironment.MODULE + "." + n, s));
        if (wasi) {
            out.putAll(WASI_FUNCTIONS);
        }
        return out;
    }

    private static WasmModule parse(byte[] bytes) {
        try {
            return Parser.parse(bytes);
        } catch (RuntimeException | AssertionError e) { // the decoder asserts on some malformed input
            throw new IllegalArgumentException(GuestFunction.describe(e), e);
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

    private static Map<String, WasmSignature> wasiFunctions() {
        Map<String, WasmSignature> out = new HashMap<>();
        try (WasiPreview1 wasi = WasiPreview1.builder().build()) {
            for (var f : wasi.toHostFunctions()) {
                out.put(f.module() + "." + f.name(), WasmSignature.of(types(f.paramTypes()), types(f.returnTypes())));
            }
        }
        return Map.copyOf(out);
    }
}
