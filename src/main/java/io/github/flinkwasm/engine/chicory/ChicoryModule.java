package io.github.flinkwasm.engine.chicory;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.github.flinkwasm.GuestInterruptedException;
import io.github.flinkwasm.WasmLoadException;
import io.github.flinkwasm.engine.CompiledModule;
import io.github.flinkwasm.engine.HostFunction;
import io.github.flinkwasm.engine.InstanceOptions;
import io.github.flinkwasm.engine.ModuleInfo;
import io.github.flinkwasm.engine.NumbersCall;
import io.github.flinkwasm.engine.StopSignal;
import io.github.flinkwasm.engine.WasmInstance;
import io.github.flinkwasm.manifest.ExecutionMode;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/** A parsed and (in compiled mode) translated Chicory module. Thread-safe. */
final class ChicoryModule implements CompiledModule {
    private final WasmModule module;
    private final Function<Instance, Machine> machineFactory;
    private final ModuleInfo info;
    private final ExecutionMode mode;
    private final AtomicLong instances = new AtomicLong();
    /** The compiled machine's class, known once an instance exists; null in interpreted mode. */
    private volatile Class<?> machineClass;

    private final Map<String, Optional<NumbersCall>> numbersCalls = new ConcurrentHashMap<>();

    ChicoryModule(WasmModule module, Function<Instance, Machine> machineFactory, ModuleInfo info, ExecutionMode mode) {
        this.module = module;
        this.machineFactory = machineFactory;
        this.info = info;
        this.mode = mode;
    }

    @Override
    public ModuleInfo info() {
        return info;
    }

    @Override
    public ExecutionMode mode() {
        return mode;
    }

    /** {@inheritDoc} In compiled mode, see {@link DirectCalls}. */
    @Override
    public NumbersCall numbersCall(String export) {
        Class<?> machine = machineClass;
        if (machine == null) {
            return null; // interpreted, or no instance yet
        }
        return numbersCalls
                .computeIfAbsent(export, e -> Optional.ofNullable(DirectCalls.of(module, machine, e)))
                .orElse(null);
    }

    @Override
    public long instancesCreated() {
        return instances.get();
    }

    /**
     * {@inheritDoc}
     *
     * <p>The start function and a reactor's {@code _initialize} run once each. When anything fails
     * nothing is left behind (no open files, no scratch copy).
     *
     * @throws GuestInterruptedException when the start code was stopped: the thread was
     *     interrupted or {@link InstanceOptions#stop()} raised
     */
    @Override
    public WasmInstance instantiate(InstanceOptions options) {
        WasiSandbox wasi = null;
        String phase = module.startSection().isPresent() ? "start function" : "instantiation";
        try {
            wasi = options.wasi().enabled()
                    ? new WasiSandbox(options.pluginName(), options.wasi(), options.guestLog())
                    : null;
            ChicoryInstance view = new ChicoryInstance(wasi, this);
            ImportValues.Builder imports = ImportValues.builder();
            for (HostFunction f : options.hostFunctions()) {
                imports.addFunction(link(f, view));
            }
            if (wasi != null) {
                imports.addFunction(wasi.wasi.toHostFunctions());
            }
            StopSignal stop = options.stop();
            Instance.Builder builder = Instance.builder(module)
                    .withImportValues(imports.build())
                    .withMachineFactory(machineFactory)
                    .withStart(false) // no _start: a command module is not a library
                    // only interpreted code calls this; compiled code checks thread interruption
                    .withUnsafeExecutionListener((instruction, stack) -> {
                        if (stop.raised()) {
                            throw new ChicoryInterruptedException("stop requested");
                        }
                    });
            ModuleInfo.MemoryInfo mem = info.memory();
            if (mem != null) {
                int declaredMax = mem.maximumPages() < 0 ? Integer.MAX_VALUE : mem.maximumPages();
                int max = Math.min(declaredMax, options.maxMemoryPages());
                builder.withMemoryFactory(CappedMemory::new)
                        .withMemoryLimits(new MemoryLimits(mem.initialPages(), max));
            }
            // build() runs the start function, with a host function that has no instance to see yet
            Instance instance = builder.withInitialize(false).build();
            view.bind(instance, mem != null);
            if (mode == ExecutionMode.COMPILED && machineClass == null) {
                machineClass = instance.getMachine().getClass();
            }
            instance.initialize(false);
            if (info.functionExports().containsKey("_initialize")) {
                phase = "_initialize";
                instance.export("_initialize").apply();
            }
            instances.incrementAndGet();
            return view;
        } catch (RuntimeException | StackOverflowError e) {
            if (wasi != null) {
                wasi.close();
            }
            String what = "the " + phase + " of plugin '" + options.pluginName() + "'";
            if (interrupted(e)) {
                throw new GuestInterruptedException(what + " was interrupted", e);
            }
            throw new WasmLoadException(
                    "cannot instantiate plugin '" + options.pluginName() + "': " + phase + " failed: "
                            + (e instanceof StackOverflowError ? "call stack exhausted" : ChicoryFunction.describe(e)),
                    e);
        }
    }

    // Chicory wraps a trap of the start function, and with it an interruption, in its own exception
    private static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ChicoryInterruptedException) {
                return true;
            }
        }
        return false;
    }

    /** Our host function as Chicory's: the handler sees the calling instance's memory. */
    private static com.dylibso.chicory.runtime.HostFunction link(HostFunction f, ChicoryInstance view) {
        HostFunction.Handler handler = f.handler();
        return new com.dylibso.chicory.runtime.HostFunction(
                f.module(),
                f.name(),
                FunctionType.of(ChicoryEngine.valTypes(f.params()), ChicoryEngine.valTypes(f.results())),
                (instance, args) -> handler.call(view, args));
    }
}
