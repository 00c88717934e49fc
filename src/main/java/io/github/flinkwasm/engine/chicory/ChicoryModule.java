package io.github.flinkwasm.engine.chicory;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.github.flinkwasm.WasmLoadException;
import io.github.flinkwasm.engine.CompiledModule;
import io.github.flinkwasm.engine.HostFunction;
import io.github.flinkwasm.engine.InstanceOptions;
import io.github.flinkwasm.engine.ModuleInfo;
import io.github.flinkwasm.engine.StopSignal;
import io.github.flinkwasm.engine.WasmInstance;
import io.github.flinkwasm.manifest.ExecutionMode;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/** A parsed and (in compiled mode) translated Chicory module. Thread-safe. */
final class ChicoryModule implements CompiledModule {
    private final WasmModule module;
    private final Function<Instance, Machine> machineFactory;
    private final ModuleInfo info;
    private final ExecutionMode mode;
    private final AtomicLong instances = new AtomicLong();

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

    @Override
    public long instancesCreated() {
        return instances.get();
    }

    @Override
    public WasmInstance instantiate(InstanceOptions options) {
        WasiSandbox wasi = null;
        try {
            wasi = options.wasi().enabled() ? new WasiSandbox(options.pluginName(), options.wasi()) : null;
            ChicoryInstance view = new ChicoryInstance(wasi);
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
                    .withStart(false)
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
            Instance instance = builder.build();
            view.bind(instance, mem != null);
            module.startSection().ifPresent(s -> instance.getMachine().call((int) s.startIndex(), new long[0]));
            if (info.functionExports().containsKey("_initialize")) {
                instance.export("_initialize").apply();
            }
            instances.incrementAndGet();
            return view;
        } catch (RuntimeException | StackOverflowError e) {
            if (wasi != null) {
                wasi.close();
            }
            throw new WasmLoadException(
                    "cannot instantiate plugin '" + options.pluginName() + "': " + ChicoryFunction.describe(e), e);
        }
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
