package io.github.flinkwasm.invoke;

import io.github.flinkwasm.LogRateLimit;
import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.WasmTimeoutException;
import io.github.flinkwasm.manifest.ErrorPolicy;
import io.github.flinkwasm.manifest.VmConfig;
import io.github.flinkwasm.metrics.MetricsRecorder;
import io.github.flinkwasm.metrics.WasmFunctionMetrics;
import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.ValueKind;
import io.github.flinkwasm.runtime.CompiledModule;
import io.github.flinkwasm.runtime.GuestFunction;
import io.github.flinkwasm.runtime.GuestInterruptedException;
import io.github.flinkwasm.runtime.InstanceOptions;
import io.github.flinkwasm.runtime.StopSignal;
import io.github.flinkwasm.runtime.WasmInstance;
import io.github.flinkwasm.runtime.WasmRuntime;
import java.util.concurrent.TimeUnit;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls one plugin function, row after row, on its own instance: the part shared by the SQL, Table
 * API, DataStream and command-line surfaces. It turns arguments into WebAssembly values, enforces
 * the timeout, applies {@code on_error}, recreates the instance after any failure and reports
 * metrics.
 *
 * <p>Not thread-safe: one per parallel subtask, called by one thread at a time.
 */
public final class FunctionInvoker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionInvoker.class);
    private static final int MAX_ARGUMENT_CHARS = 120;

    private final Plugin plugin;
    private final FunctionSignature signature;
    private final CompiledModule module;
    private final InstanceOptions options;
    private final MetricsRecorder metrics;
    private final CallGuard guard;
    private final Arguments.Writer[] writers;
    private final Results.Reader reader;
    private final Arguments.Blocks blocks;
    private final long[] args;
    private final String what;
    /** The parameter kinds when none passes through memory (the numeric fast path), else null. */
    private final ValueKind[] numericParams;
    /** The result kind when it does not pass through memory, else null. */
    private final ValueKind numericResult;

    private final boolean external;

    private WasmInstance instance;
    private GuestFunction function;
    private int sampleCountdown = 1; // the first call is timed
    /** The errors of on_error = null: one report per interval. */
    private final LogRateLimit errorLog = new LogRateLimit(1, LogRateLimit.INTERVAL_NANOS);
    /** After a failed instantiation: when to try again, and what rows get until then. */
    private final Backoff instantiation = new Backoff();

    private WasmCallException instantiationFailure;

    private FunctionInvoker(Plugin plugin, FunctionSignature signature, MetricsRecorder metrics, boolean external) {
        this.plugin = plugin;
        this.signature = signature;
        this.metrics = metrics;
        VmConfig vm = plugin.manifest().vmConfig();
        this.module = compile(plugin);
        this.guard = vm.timeoutMs() > 0 ? new CallGuard(TimeUnit.MILLISECONDS.toNanos(vm.timeoutMs())) : null;
        this.options = new InstanceOptions(
                plugin.name(),
                vm.maxMemoryPages(),
                vm.wasi(),
                plugin.manifest().config(),
                guard == null ? new StopSignal() : guard.stop);
        this.what = "plugin '" + plugin.name() + "' function '" + signature.name() + "' (export '" + signature.export()
                + "')";
        int n = signature.paramKinds().size();
        this.writers = new Arguments.Writer[n];
        int slots = 0;
        for (int i = 0; i < n; i++) {
            ValueKind kind = signature.paramKinds().get(i);
            writers[i] = Arguments.writer(kind, parse(signature.paramTypes().get(i)));
            slots += kind.paramTypes().size();
        }
        this.args = new long[slots];
        this.blocks = new Arguments.Blocks(n);
        this.reader = Results.reader(signature.returnKind(), parse(signature.returnType()), what, external);
        this.external = external;
        this.numericParams = slots == n ? signature.paramKinds().toArray(new ValueKind[0]) : null;
        this.numericResult = signature.returnKind().inMemory() ? null : signature.returnKind();
    }

    private static CompiledModule compile(Plugin plugin) {
        try {
            return WasmRuntime.compile(
                    plugin.wasm(), plugin.digest(), plugin.manifest().vmConfig().mode());
        } catch (GuestInterruptedException e) {
            throw e;
        } catch (WasmCallException e) {
            throw new WasmCallException(
                    "plugin '" + plugin.name() + "' (" + plugin.manifest().source() + "): " + e.getMessage(), e);
        }
    }

    /**
     * Opens an invoker and its instance. The module is compiled on first use in this JVM.
     *
     * @param external results as Java classes (String, LocalDate) rather than Flink's internal ones
     */
    public static FunctionInvoker open(Plugin plugin, String functionName, MetricsRecorder metrics, boolean external) {
        FunctionInvoker invoker = new FunctionInvoker(plugin, plugin.function(functionName), metrics, external);
        if (invoker.guard != null) {
            Watchdog.register(invoker.guard);
        }
        try {
            invoker.instantiate();
        } catch (WasmCallException e) {
            if (e instanceof GuestInterruptedException || invoker.signature.onError() == ErrorPolicy.FAIL) {
                invoker.close();
                throw e;
            }
            // on_error = null: the rows get NULL until an instance can be made, see instantiate()
        } catch (RuntimeException | Error e) {
            invoker.close();
            throw e;
        }
        metrics.memoryPages(invoker::memoryPages);
        return invoker;
    }

    public FunctionSignature signature() {
        return signature;
    }

    /**
     * Calls the function with these arguments: NULL when any is NULL (without calling the guest),
     * else the result, or NULL after a failure when {@code on_error} is {@code null}.
     */
    public Object invoke(Object... values) {
        return invoke(values, signature.onError());
    }

    // The fixed-arity forms below are what Flink's generated code calls for functions of up to
    // three parameters. Numbers are encoded straight into the reused argument array: no Object[]
    // per row, and no reference stores into a long-lived array (each would cost a GC barrier).

    /** {@link #invoke(Object...)} for a function of one parameter, without an array per row. */
    public Object invoke(Object a) {
        if (a == null) {
            return null;
        }
        ValueKind[] numeric = numericParams;
        if (numeric != null && numeric.length == 1) {
            args[0] = Arguments.bits(numeric[0], a);
            return run(null, signature.onError());
        }
        return invoke(new Object[] {a}, signature.onError());
    }

    /** {@link #invoke(Object...)} for a function of two parameters, without an array per row. */
    public Object invoke(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        ValueKind[] numeric = numericParams;
        if (numeric != null && numeric.length == 2) {
            args[0] = Arguments.bits(numeric[0], a);
            args[1] = Arguments.bits(numeric[1], b);
            return run(null, signature.onError());
        }
        return invoke(new Object[] {a, b}, signature.onError());
    }

    /** {@link #invoke(Object...)} for a function of three parameters, without an array per row. */
    public Object invoke(Object a, Object b, Object c) {
        if (a == null || b == null || c == null) {
            return null;
        }
        ValueKind[] numeric = numericParams;
        if (numeric != null && numeric.length == 3) {
            args[0] = Arguments.bits(numeric[0], a);
            args[1] = Arguments.bits(numeric[1], b);
            args[2] = Arguments.bits(numeric[2], c);
            return run(null, signature.onError());
        }
        return invoke(new Object[] {a, b, c}, signature.onError());
    }

    /**
     * Like {@link #invoke}, but a failed call always throws, whatever {@code on_error} says; for
     * callers that route failures elsewhere (a side output).
     */
    public Object invokeOrThrow(Object... values) {
        return invoke(values, ErrorPolicy.FAIL);
    }

    private Object invoke(Object[] values, ErrorPolicy policy) {
        for (Object v : values) {
            if (v == null) {
                return null;
            }
        }
        return run(values, policy);
    }

    /**
     * One call, with metrics and {@code on_error}.
     *
     * @param values the arguments, or null when they are numbers already encoded in {@link #args}
     */
    private Object run(Object[] values, ErrorPolicy policy) {
        metrics.call();
        boolean timed = --sampleCountdown == 0;
        long start = 0;
        if (timed) {
            sampleCountdown = WasmFunctionMetrics.LATENCY_SAMPLE_EVERY;
            start = System.nanoTime();
        }
        try {
            Object result = call(values);
            if (timed) {
                long nanos = System.nanoTime() - start;
                metrics.latency(nanos);
                if (nanos >= WasmFunctionMetrics.SLOW_CALL_NANOS) {
                    sampleCountdown = 1; // slow calls: a clock read is cheap next to them
                }
            }
            return result;
        } catch (GuestInterruptedException e) {
            throw e; // not a failure of the guest: the task is being cancelled
        } catch (WasmCallException e) {
            return failed(e, values != null ? values : encodedArguments(), policy);
        }
    }

    // The per-row path is kept small so that the JIT inlines it; failures go to cold methods.
    private Object call(Object[] values) {
        WasmInstance inst = instance;
        if (inst == null) {
            inst = instantiate();
        }
        CallGuard g = guard;
        if (g != null) {
            g.enter();
        }
        Object result;
        try {
            result = callGuest(values, inst);
        } catch (RuntimeException e) {
            throw callFailed(e);
        }
        if (g != null && g.exit()) {
            discard(); // finished just as its deadline passed: the instance may be mid-way
            throw timeout(null);
        }
        return result;
    }

    private Object callGuest(Object[] values, WasmInstance inst) {
        ValueKind[] numeric = numericParams;
        if (values == null) {
            // encoded by a fixed-arity invoke
        } else if (numeric != null) {
            // a switch rather than one lambda per parameter: stays fast when many signatures share this code
            for (int i = 0; i < numeric.length; i++) {
                args[i] = Arguments.bits(numeric[i], values[i]);
            }
        } else {
            int slot = 0;
            for (int i = 0; i < writers.length; i++) {
                slot = writers[i].write(values[i], args, slot, inst, blocks);
            }
        }
        long raw = function.call(args)[0];
        if (blocks.count > 0) {
            blocks.freeAll(inst);
        }
        return numericResult != null ? Results.number(numericResult, raw, external) : reader.read(raw, inst);
    }

    /** The numeric arguments of the failed call, decoded again from {@link #args}, for its message. */
    private Object[] encodedArguments() {
        Object[] out = new Object[numericParams.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Results.number(numericParams[i], args[i], true);
        }
        return out;
    }

    /** After a failed call: ends the guard, drops the instance and says what happened. */
    private RuntimeException callFailed(RuntimeException e) {
        boolean stopped = guard != null && guard.exit();
        discard();
        if (stopped) {
            return timeout(e);
        }
        if (e instanceof WasmCallException) {
            return e; // includes the task's own cancellation, which must reach Flink as it is
        }
        return new WasmCallException(what + " failed: " + e, e);
    }

    private WasmTimeoutException timeout(Throwable cause) {
        metrics.timeout();
        return new WasmTimeoutException(
                what + " ran longer than vm_config.timeout_ms = "
                        + plugin.manifest().vmConfig().timeoutMs() + " ms and was stopped",
                cause);
    }

    private Object failed(WasmCallException e, Object[] values, ErrorPolicy policy) {
        metrics.error();
        if (policy == ErrorPolicy.FAIL) {
            String message = message(e, values);
            throw e instanceof WasmTimeoutException
                    ? new WasmTimeoutException(message, e)
                    : new WasmCallException(message, e);
        }
        metrics.nullResult();
        long suppressed = errorLog.acquire(System.nanoTime());
        if (suppressed >= 0) {
            LOG.warn(
                    "{}; the row gets NULL (on_error = null){}",
                    message(e, values),
                    suppressed == 0 ? "" : "; " + suppressed + " more errors since the last report");
        }
        return null;
    }

    private String message(WasmCallException e, Object[] values) {
        StringBuilder sb = new StringBuilder(what).append(" failed on arguments (");
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shown(values[i]));
        }
        String cause = e.getMessage();
        if (cause != null && cause.startsWith(what)) {
            cause = cause.substring(what.length()).trim();
        }
        return sb.append("): ").append(cause).toString();
    }

    private static String shown(Object v) {
        String s;
        if (v instanceof byte[]) {
            s = "X'" + java.util.HexFormat.of().formatHex((byte[]) v) + "'";
        } else if (v instanceof Object[]) {
            s = java.util.Arrays.deepToString((Object[]) v);
        } else {
            s = String.valueOf(v);
        }
        return s.length() > MAX_ARGUMENT_CHARS
                ? s.substring(0, MAX_ARGUMENT_CHARS) + "...(" + s.length() + " chars)"
                : s;
    }

    /**
     * Makes the instance, running its start code under the call timeout. After a failure the next
     * attempt waits for the {@link Backoff}: a row that comes earlier fails at once with the same
     * error, so endless start code costs one timeout per delay, not one per row.
     */
    private WasmInstance instantiate() {
        if (!instantiation.ready(System.nanoTime())) {
            throw instantiationFailure;
        }
        CallGuard g = guard;
        if (g != null) {
            g.enter();
        }
        WasmInstance created;
        try {
            created = module.instantiate(options);
        } catch (RuntimeException e) {
            boolean stopped = g != null && g.exit();
            if (!stopped && e instanceof GuestInterruptedException) {
                throw e; // the task is being cancelled
            }
            throw instantiationFailed(stopped ? startTimeout(e) : wrap(e));
        }
        if (g != null && g.exit()) {
            created.close();
            throw instantiationFailed(startTimeout(null));
        }
        instantiation.succeeded();
        instantiationFailure = null;
        instance = created;
        function = created.function(signature.export());
        created.currentFunction(signature.name());
        return created;
    }

    private WasmCallException instantiationFailed(WasmCallException e) {
        instantiation.failed(System.nanoTime());
        instantiationFailure = e;
        return e;
    }

    private WasmCallException wrap(RuntimeException e) {
        return e instanceof WasmCallException
                ? (WasmCallException) e
                : new WasmCallException(what + ": cannot instantiate the module: " + e, e);
    }

    private WasmTimeoutException startTimeout(Throwable cause) {
        metrics.timeout();
        return new WasmTimeoutException(
                what + ": the module's start code ran longer than vm_config.timeout_ms = "
                        + plugin.manifest().vmConfig().timeoutMs() + " ms and was stopped"
                        + (cause == null ? "" : " (" + cause.getMessage() + ")"),
                cause);
    }

    private void discard() {
        blocks.count = 0;
        if (instance != null) {
            try {
                instance.close();
            } catch (RuntimeException e) {
                LOG.debug("closing a failed instance of {}", what, e);
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

    private static LogicalType parse(String sqlType) {
        return LogicalTypeParser.parse(sqlType, FunctionInvoker.class.getClassLoader());
    }

    @Override
    public void close() {
        long suppressed = errorLog.drainDropped();
        if (suppressed > 0) {
            LOG.warn(
                    "{}: {} more errors since the last report; their rows got NULL (on_error = null)",
                    what,
                    suppressed);
        }
        if (guard != null) {
            Watchdog.unregister(guard);
        }
        if (instance != null) {
            instance.close();
            instance = null;
        }
    }
}
