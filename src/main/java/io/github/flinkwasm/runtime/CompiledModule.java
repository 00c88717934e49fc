package io.github.flinkwasm.runtime;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.manifest.ExecutionMode;
import io.github.flinkwasm.manifest.WasiConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A parsed, validated and (in compiled mode) translated module: the expensive, shareable part.
 * Thread-safe; every {@link #instantiate} gives an independent instance sharing no state. Get one
 * through {@link WasmRuntime#compile}, which makes one per module per JVM.
 */
public final class CompiledModule {
    private final WasmModule module;
    private final Function<Instance, Machine> machineFactory;
    private final ModuleInfo info;
    private final ExecutionMode mode;
    private final long compileNanos;
    private final AtomicLong instances = new AtomicLong();

    CompiledModule(
            WasmModule module,
            Function<Instance, Machine> machineFactory,
            ModuleInfo info,
            ExecutionMode mode,
            long compileNanos) {
        this.module = module;
        this.machineFactory = machineFactory;
        this.info = info;
        this.mode = mode;
        this.compileNanos = compileNanos;
    }

    public ModuleInfo info() {
        return info;
    }

    public ExecutionMode mode() {
        return mode;
    }

    /** How many instances this JVM has created of this module in this mode. */
    public long instancesCreated() {
        return instances.get();
    }

    /** Time spent parsing and translating, in nanoseconds. */
    public long compileNanos() {
        return compileNanos;
    }

    /**
     * Creates an instance: memory capped, host functions linked, WASI linked only when granted,
     * the start function and a reactor's {@code _initialize} run, each once. When anything fails,
     * nothing is left behind (no open files, no scratch copy).
     *
     * @throws GuestInterruptedException when the start code was stopped: the thread was
     *     interrupted or {@link InstanceOptions#stop()} raised
     * @throws WasmCallException when the start code trapped or the module cannot be instantiated
     */
    public WasmInstance instantiate(InstanceOptions options) {
        HostEnvironment host = new HostEnvironment(options.pluginName(), options.config(), options.guestLog());
        WasiPreview1 wasi = null;
        String phase = module.startSection().isPresent() ? "start function" : "instantiation";
        try {
            wasi = options.wasi().enabled() ? wasi(options.wasi(), host) : null;
            ImportValues.Builder imports = ImportValues.builder().addFunction(host.functions());
            if (wasi != null) {
                imports.addFunction(wasi.toHostFunctions());
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
                builder.withMemoryFactory(ByteArrayMemory::new)
                        .withMemoryLimits(new MemoryLimits(mem.initialPages(), max));
            }
            Instance instance = builder.build(); // runs the start function
            if (info.functionExports().containsKey("_initialize")) {
                phase = "_initialize";
                instance.export("_initialize").apply();
            }
            instances.incrementAndGet();
            return new WasmInstance(instance, mem == null ? null : instance.memory(), wasi, host);
        } catch (RuntimeException | StackOverflowError e) {
            if (wasi != null) {
                wasi.close();
            }
            host.close();
            String what = "the " + phase + " of plugin '" + options.pluginName() + "'";
            if (interrupted(e)) {
                throw new GuestInterruptedException(what + " was interrupted", e);
            }
            if (e instanceof WasmCallException) {
                throw (WasmCallException) e; // raised by one of our host functions, already explained
            }
            throw new WasmCallException(
                    "cannot instantiate plugin '" + options.pluginName() + "': " + phase + " failed: "
                            + (e instanceof StackOverflowError ? "call stack exhausted" : GuestFunction.describe(e)),
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

    private static WasiPreview1 wasi(WasiConfig config, HostEnvironment host) {
        WasiOptions.Builder options = WasiOptions.builder()
                .withStdout(host.stdout)
                .withStderr(host.stderr)
                .withArguments(config.args());
        for (Map.Entry<String, String> e : config.env().entrySet()) {
            options.withEnvironment(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, String> e : config.preopens().entrySet()) {
            // the guest gets its own copy: what it writes never reaches the host folder
            options.withDirectory(e.getKey(), host.scratchCopy(Path.of(e.getValue())));
        }
        if (config.deterministic()) {
            options.withClock(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)).withRandom(new Random(0));
        }
        return WasiPreview1.builder().withOptions(options.build()).build();
    }
}
