package io.github.flinkwasm.invoke;

import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.WasmTimeoutException;
import io.github.flinkwasm.engine.CompiledModule;
import io.github.flinkwasm.engine.InstanceOptions;
import io.github.flinkwasm.engine.StopSignal;
import io.github.flinkwasm.engine.WasmEngines;
import io.github.flinkwasm.engine.WasmInstance;
import io.github.flinkwasm.host.FlinkWasmHost;
import io.github.flinkwasm.manifest.VmConfig;
import io.github.flinkwasm.metrics.MetricsRecorder;
import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.plugin.Plugin;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * The instance one invoker calls and what guards it, shared by the invokers of every kind: the
 * compiled module, the instance (created on first use and again after any failure), the timeout,
 * the metrics and the rate-limited log of failures that {@code on_error = null} skips.
 *
 * <p>Not thread-safe: one per invoker.
 */
final class GuestSession implements AutoCloseable {
    private static final long ERROR_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    final Plugin plugin;
    final FunctionSignature signature;
    final MetricsRecorder metrics;
    /** The call's deadline, or null without a timeout. */
    final CallGuard guard;
    /** Names the function in messages: plugin, function and export. */
    final String what;

    /** The {@code flink_wasm} imports of this invoker's instances. */
    final FlinkWasmHost host;

    private final CompiledModule module;
    private final InstanceOptions options;
    private WasmInstance instance;
    private long lastErrorLogNanos;
    private long suppressedErrors;

    GuestSession(Plugin plugin, FunctionSignature signature, MetricsRecorder metrics) {
        this.plugin = plugin;
        this.signature = signature;
        this.metrics = metrics;
        VmConfig vm = plugin.manifest().vmConfig();
        this.module = WasmEngines.get(vm.engine()).compile(plugin.wasm(), plugin.digest(), vm.mode());
        this.guard = vm.timeoutMs() > 0 ? new CallGuard(TimeUnit.MILLISECONDS.toNanos(vm.timeoutMs())) : null;
        this.host = new FlinkWasmHost(plugin.name(), plugin.manifest().config());
        host.currentFunction(signature.name());
        this.options = new InstanceOptions(
                plugin.name(),
                vm.maxMemoryPages(),
                vm.wasi(),
                host.functions(),
                guard == null ? new StopSignal() : guard.stop);
        this.what = "plugin '" + plugin.name() + "' function '" + signature.name() + "' (export '" + signature.export()
                + "')";
    }

    /** Registers the guard with the watchdog and creates the first instance. */
    void open() {
        if (guard != null) {
            Watchdog.register(guard);
        }
        try {
            instance();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        metrics.memoryPages(this::memoryPages);
    }

    /** The current instance, created when there is none. */
    WasmInstance instance() {
        WasmInstance i = instance;
        if (i == null) {
            i = instance = module.instantiate(options);
        }
        return i;
    }

    /** True when the module exports a function of this name. */
    boolean exports(String export) {
        return module.info().functionExports().containsKey(export);
    }

    /** Marks the start of a guest call. */
    void enter() {
        if (guard != null) {
            guard.enter();
        }
    }

    /**
     * Marks the end of a call that returned; a call that finished just as its deadline passed
     * throws a timeout (the instance may be mid-way, so it is dropped).
     */
    void exit() {
        if (guard != null && guard.exit()) {
            discard();
            throw timeout(null);
        }
    }

    /** After a failed call: ends the guard, drops the instance and says what happened. */
    RuntimeException failed(RuntimeException e) {
        boolean stopped = guard != null && guard.exit();
        discard();
        if (stopped) {
            return timeout(e);
        }
        if (e instanceof WasmCallException) {
            return e;
        }
        return new WasmCallException(what + " failed: " + e, e);
    }

    WasmTimeoutException timeout(Throwable cause) {
        metrics.timeout();
        return new WasmTimeoutException(
                what + " ran longer than vm_config.timeout_ms = "
                        + plugin.manifest().vmConfig().timeoutMs() + " ms and was stopped",
                cause);
    }

    /** Logs a failure that {@code on_error = null} skipped, at most once per ten seconds. */
    void logSkipped(Logger log, String message, String consequence) {
        long now = System.nanoTime();
        if (lastErrorLogNanos == 0 || now - lastErrorLogNanos >= ERROR_LOG_INTERVAL_NANOS) {
            log.warn(
                    "{}; {} (on_error = null){}",
                    message,
                    consequence,
                    suppressedErrors == 0 ? "" : "; " + suppressedErrors + " more errors since the last report");
            lastErrorLogNanos = now;
            suppressedErrors = 0;
        } else {
            suppressedErrors++;
        }
    }

    /** Drops the instance after a failure; the next call creates a new one. */
    void discard() {
        if (instance != null) {
            try {
                instance.close();
            } catch (RuntimeException e) {
                // a failed instance may fail to close; nothing is lost
            }
            instance = null;
            metrics.instanceRestart();
        }
    }

    int memoryPages() {
        WasmInstance i = instance;
        return i == null ? 0 : i.memoryPages();
    }

    /** Cap of linear memory in bytes. */
    long memoryCapBytes() {
        return plugin.manifest().vmConfig().maxMemoryPages() * 65536L;
    }

    @Override
    public void close() {
        if (guard != null) {
            Watchdog.unregister(guard);
        }
        if (instance != null) {
            instance.close();
            instance = null;
        }
    }
}
