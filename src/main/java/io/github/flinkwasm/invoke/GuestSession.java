package io.github.flinkwasm.invoke;

import io.github.flinkwasm.GuestInterruptedException;
import io.github.flinkwasm.LogRateLimit;
import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.WasmLoadException;
import io.github.flinkwasm.WasmTimeoutException;
import io.github.flinkwasm.abi.extism.ExtismHost;
import io.github.flinkwasm.abi.extism.ExtismPluginException;
import io.github.flinkwasm.engine.CompiledModule;
import io.github.flinkwasm.engine.GuestFunction;
import io.github.flinkwasm.engine.HostFunction;
import io.github.flinkwasm.engine.InstanceOptions;
import io.github.flinkwasm.engine.NumbersCall;
import io.github.flinkwasm.engine.StopSignal;
import io.github.flinkwasm.engine.WasmEngines;
import io.github.flinkwasm.engine.WasmInstance;
import io.github.flinkwasm.host.FlinkWasmHost;
import io.github.flinkwasm.manifest.Abi;
import io.github.flinkwasm.manifest.ErrorPolicy;
import io.github.flinkwasm.manifest.FunctionKind;
import io.github.flinkwasm.manifest.VmConfig;
import io.github.flinkwasm.metrics.MetricsRecorder;
import io.github.flinkwasm.metrics.WasmFunctionMetrics;
import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.plugin.Plugin;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The life of the instance one invoker calls, the same for every kind: the compiled module, the
 * instance (created on open and again after any failure, with a {@link Backoff} after a failed
 * instantiation), the call timeout, the memory cap in messages, {@code on_error} with its
 * rate-limited log, the metrics, and closing. {@link FunctionInvoker} (and through it {@link
 * AggregateInvoker}) and {@link ProcessInvoker} each hold one.
 *
 * <p>A call goes through {@link #call}: {@link #instance} (or {@link #instantiate} when null),
 * {@link CallGuard#enter}, the guest code, then {@link #exit} or, when it threw, {@link
 * #callFailed}; the {@link WasmCallException} of a failure goes to {@link #failed}. The scalar
 * path of {@link FunctionInvoker} spells these steps out, to stay small enough to be inlined.
 *
 * <p>Not thread-safe: one per invoker.
 */
final class GuestSession implements AutoCloseable {
    final Plugin plugin;
    final FunctionSignature signature;
    final MetricsRecorder metrics;
    /** The call's deadline, or null without a timeout. */
    final CallGuard guard;
    /** Names the function in messages: plugin, function and export. */
    final String what;

    /** The {@code flink_wasm} imports of this session's instances. */
    final FlinkWasmHost host;

    /** The current instance, null before the first and after a failure. */
    WasmInstance instance;
    /** Export {@code E} of the current instance; null for an aggregate, whose steps resolve their own. */
    GuestFunction function;
    /** The Extism host of the current instance, for an Extism plugin. */
    ExtismHost extismHost;

    private final CompiledModule module;
    private final InstanceOptions options;
    private final boolean extism;
    private final Logger log;
    /** The errors of on_error = null: one report per interval. */
    private final LogRateLimit errorLog = new LogRateLimit(1, LogRateLimit.INTERVAL_NANOS);
    /** After a failed instantiation: when to try again, and what calls get until then. */
    private final Backoff instantiation = new Backoff();

    private WasmCallException instantiationFailure;
    private int sampleCountdown = 1; // the first call is timed
    /** What the last skipped failure meant for its row, for the report on close. */
    private String skipped = "skipped";

    /**
     * @param log where the failures that {@code on_error = null} skips are reported
     */
    GuestSession(Plugin plugin, FunctionSignature signature, MetricsRecorder metrics, Logger log) {
        this.plugin = plugin;
        this.signature = signature;
        this.metrics = metrics;
        this.log = log;
        VmConfig vm = plugin.manifest().vmConfig();
        this.module = compile(plugin);
        this.guard = vm.timeoutMs() > 0 ? new CallGuard(TimeUnit.MILLISECONDS.toNanos(vm.timeoutMs())) : null;
        var guestLog = InstanceOptions.guestLogLimit(); // one for log and WASI output, across restarts
        this.host = new FlinkWasmHost(plugin.name(), plugin.manifest().config(), guestLog);
        host.currentFunction(signature.name());
        this.options = new InstanceOptions(
                plugin.name(),
                vm.maxMemoryPages(),
                vm.wasi(),
                host.functions(),
                guard == null ? new StopSignal() : guard.stop,
                guestLog);
        this.extism = vm.abi() == Abi.EXTISM;
        this.what = signature.kind() == FunctionKind.AGGREGATE
                ? "plugin '" + plugin.name() + "' aggregate function '" + signature.name() + "'"
                : "plugin '" + plugin.name() + "' function '" + signature.name() + "' (export '" + signature.export()
                        + "')";
    }

    private static CompiledModule compile(Plugin plugin) {
        VmConfig vm = plugin.manifest().vmConfig();
        try {
            return WasmEngines.get(vm.engine()).compile(plugin.wasm(), plugin.digest(), vm.mode());
        } catch (WasmLoadException e) {
            throw new WasmLoadException(
                    "plugin '" + plugin.name() + "' (" + plugin.manifest().source() + "): " + e.getMessage(), e);
        }
    }

    /**
     * Registers the guard with the watchdog and creates the first instance. When the instance
     * cannot be made (its start code traps or runs past the timeout), {@code on_error = fail}
     * fails here; with {@code on_error = null} the session opens and calls fail (and are skipped)
     * until an instance can be made, see {@link #instantiate()}.
     */
    void open() {
        if (guard != null) {
            Watchdog.register(guard);
        }
        try {
            instantiate();
        } catch (WasmCallException e) { // start code that failed, or an export missing: not a call failure
            if (e instanceof GuestInterruptedException
                    || signature.onError() == ErrorPolicy.FAIL
                    || e != instantiationFailure) {
                close();
                throw e instanceof GuestInterruptedException ? e : new WasmLoadException(e.getMessage(), e);
            }
            // on_error = null: the calls fail and are skipped until an instance can be made
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        metrics.memoryPages(this::memoryPages);
    }

    /** Export E as a {@link NumbersCall}, or null when the engine has none for it. */
    NumbersCall numbersCall() {
        return module.numbersCall(signature.export());
    }

    /** True when the module exports a function of this name. */
    boolean exports(String export) {
        return module.info().functionExports().containsKey(export);
    }

    /**
     * Makes the instance, running its start code under the call timeout. After a failure the next
     * attempt waits for the {@link Backoff}: a call that comes earlier fails at once with the same
     * error, so endless start code costs one timeout per delay, not one per row.
     *
     * @throws WasmCallException when the instance cannot be made (a {@link WasmTimeoutException}
     *     when its start code ran past the timeout)
     */
    WasmInstance instantiate() {
        if (!instantiation.ready(System.nanoTime())) {
            throw instantiationFailure;
        }
        CallGuard g = guard;
        if (g != null) {
            g.enter();
        }
        WasmInstance created;
        try {
            created = extism ? instantiateExtism() : module.instantiate(options);
        } catch (RuntimeException e) {
            boolean stopped = g != null && g.exit();
            if (!stopped && e instanceof GuestInterruptedException) {
                throw e; // the task is being cancelled
            }
            throw instantiationFailed(stopped ? startTimeout(e) : new WasmCallException(e.getMessage(), e));
        }
        if (g != null && g.exit()) {
            created.close();
            throw instantiationFailed(startTimeout(null));
        }
        try {
            // an aggregate has no export E: its steps resolve E_create, E_accumulate... themselves
            function = signature.kind() == FunctionKind.AGGREGATE ? null : created.function(signature.export());
        } catch (RuntimeException e) {
            created.close();
            throw e;
        }
        instantiation.succeeded();
        instantiationFailure = null;
        instance = created;
        return created;
    }

    private WasmCallException instantiationFailed(WasmCallException e) {
        instantiation.failed(System.nanoTime());
        instantiationFailure = e;
        return e;
    }

    private WasmTimeoutException startTimeout(Throwable cause) {
        metrics.timeout();
        return new WasmTimeoutException(
                what + ": the module's start code ran longer than vm_config.timeout_ms = "
                        + plugin.manifest().vmConfig().timeoutMs() + " ms and was stopped"
                        + (cause == null ? "" : " (" + cause.getMessage() + ")"),
                cause);
    }

    /**
     * An instance of an Extism plugin, with a fresh Extism host (so fresh vars) and its guest
     * runtime started.
     */
    private WasmInstance instantiateExtism() {
        ExtismHost extismImports =
                new ExtismHost(plugin.name(), plugin.manifest().config(), options.maxMemoryPages() * 65536L);
        extismImports.currentFunction(signature.name());
        List<HostFunction> functions = new ArrayList<>(options.hostFunctions());
        functions.addAll(extismImports.functions());
        WasmInstance inst = module.instantiate(new InstanceOptions(
                options.pluginName(),
                options.maxMemoryPages(),
                options.wasi(),
                functions,
                options.stop(),
                options.guestLog()));
        try {
            ExtismHost.initialize(inst, module.info());
        } catch (RuntimeException e) {
            inst.close();
            if (e instanceof GuestInterruptedException) {
                throw e;
            }
            throw new WasmLoadException("cannot start plugin '" + plugin.name() + "': " + e.getMessage(), e);
        }
        extismHost = extismImports;
        return inst;
    }

    /** One call of guest code on the current instance. */
    interface GuestCall<T> {
        T run(WasmInstance instance);
    }

    /**
     * Counts a call; true when its latency is to be measured (one call in {@link
     * WasmFunctionMetrics#LATENCY_SAMPLE_EVERY}, the first included).
     */
    boolean countCall() {
        metrics.call();
        if (--sampleCountdown != 0) {
            return false;
        }
        sampleCountdown = WasmFunctionMetrics.LATENCY_SAMPLE_EVERY;
        return true;
    }

    /**
     * One guarded call on the current instance, made first when there is none: under the timeout,
     * and after a failure with the instance dropped.
     *
     * @throws WasmCallException when the call or the instantiation failed, or ran past the timeout
     */
    <T> T call(GuestCall<T> call) {
        WasmInstance inst = instance;
        if (inst == null) {
            inst = instantiate(); // a failure here fails the call, as the call would have
        }
        CallGuard g = guard;
        if (g != null) {
            g.enter();
        }
        T result;
        try {
            result = call.run(inst);
        } catch (RuntimeException e) {
            throw callFailed(e);
        }
        exit();
        return result;
    }

    /**
     * Marks the end of a guest call that returned; a call that finished just as its deadline
     * passed throws a timeout (the instance may be mid-way, so it is dropped).
     */
    void exit() {
        if (guard != null && guard.exit()) {
            discard();
            throw timeout(null);
        }
    }

    /**
     * After a guest call threw: ends the guard, drops the instance (an Extism plugin that reported
     * an error cleanly keeps it, and its vars) and says what happened, with the memory cap when
     * the guest was refused memory.
     */
    RuntimeException callFailed(RuntimeException e) {
        boolean stopped = guard != null && guard.exit();
        String memoryCap = instance == null ? "" : MemoryCap.note(instance, plugin, module.info());
        if (stopped || !(e instanceof ExtismPluginException)) {
            discard();
        }
        if (stopped) {
            return timeout(e);
        }
        if (e instanceof GuestInterruptedException) {
            return e; // the task's own cancellation, which must reach Flink as it is
        }
        if (e instanceof WasmCallException) {
            return memoryCap.isEmpty() ? e : new WasmCallException(e.getMessage() + memoryCap, e);
        }
        return new WasmCallException(what + " failed: " + e + memoryCap, e);
    }

    WasmTimeoutException timeout(Throwable cause) {
        metrics.timeout();
        return new WasmTimeoutException(
                what + " ran longer than vm_config.timeout_ms = "
                        + plugin.manifest().vmConfig().timeoutMs() + " ms and was stopped",
                cause);
    }

    /**
     * A failed call under {@code policy}: counted; with {@code fail} it throws, with the message;
     * with {@code null} the skip is counted and logged, at most once per interval.
     *
     * @param consequence what the skip means for the row, for the log
     */
    void failed(WasmCallException e, ErrorPolicy policy, Supplier<String> message, String consequence) {
        metrics.error();
        if (policy == ErrorPolicy.FAIL) {
            String m = message.get();
            throw e instanceof WasmTimeoutException ? new WasmTimeoutException(m, e) : new WasmCallException(m, e);
        }
        metrics.nullResult();
        skipped = consequence;
        long suppressed = errorLog.acquire(System.nanoTime());
        if (suppressed >= 0) {
            log.warn(
                    "{}; {} (on_error = null){}",
                    message.get(),
                    consequence,
                    suppressed == 0 ? "" : "; " + suppressed + " more errors since the last report");
        }
    }

    /** The message of a failed call without the leading {@link #what} it repeats, or null. */
    String cause(WasmCallException e) {
        String cause = e.getMessage();
        if (cause != null && cause.startsWith(what)) {
            cause = cause.substring(what.length()).trim();
        }
        return cause;
    }

    /** Drops the instance after a failure; the next call creates a new one. */
    void discard() {
        if (instance != null) {
            try {
                instance.close();
            } catch (RuntimeException e) {
                log.debug("closing a failed instance of {}", what, e);
            }
            instance = null;
            function = null;
            metrics.instanceRestart();
        }
    }

    /** Pages of linear memory of the current instance, 0 when there is none. */
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
        long suppressed = errorLog.drainDropped();
        if (suppressed > 0) {
            log.warn("{}: {} more errors since the last report; {} (on_error = null)", what, suppressed, skipped);
        }
        host.reportDropped();
        if (guard != null) {
            Watchdog.unregister(guard);
        }
        if (instance != null) {
            instance.close();
            instance = null;
        }
    }
}
