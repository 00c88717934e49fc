package io.github.flinkwasm.invoke;

import io.github.flinkwasm.GuestInterruptedException;
import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.WasmTimeoutException;
import io.github.flinkwasm.engine.NumbersCall;
import io.github.flinkwasm.engine.WasmInstance;
import io.github.flinkwasm.manifest.Abi;
import io.github.flinkwasm.manifest.ErrorPolicy;
import io.github.flinkwasm.manifest.FunctionKind;
import io.github.flinkwasm.metrics.MetricsRecorder;
import io.github.flinkwasm.metrics.WasmFunctionMetrics;
import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.types.ArgumentBlocks;
import io.github.flinkwasm.types.ArgumentWriter;
import io.github.flinkwasm.types.NullResult;
import io.github.flinkwasm.types.Numbers;
import io.github.flinkwasm.types.Representation;
import io.github.flinkwasm.types.ResultReader;
import io.github.flinkwasm.types.ValueKind;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.Internal;
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
@Internal
public final class FunctionInvoker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionInvoker.class);
    private static final int MAX_ARGUMENT_CHARS = 120;

    private final FunctionSignature signature;
    /** The instance's life: creation, timeout, restarts, on_error, close. */
    private final GuestSession session;

    private final MetricsRecorder metrics;
    /** The session's guard, read by the per-row path without going through the session. */
    private final CallGuard guard;

    private final ArgumentWriter[] writers;
    private final ResultReader reader;
    private final ArgumentBlocks blocks;
    private final long[] args;
    private final String what;
    /** The parameter kinds when none passes through memory (the numeric fast path), else null. */
    private final ValueKind[] numericParams;
    /** The result kind when it does not pass through memory, else null. */
    private final ValueKind numericResult;
    /** The number result that stands for NULL ({@code null_result}), or null. */
    private final NullResult nullResult;
    /** Whether E takes and returns numbers only, not through memory: {@link #callNumbers}. */
    private final boolean numbersOnly;
    /** Set by {@link #callNumbers} when a failed call gave NULL ({@code on_error = null}). */
    private boolean nullAfterFailure;
    /**
     * E called without arrays, when it takes one to three WebAssembly values and the engine has
     * such a call (compiled Chicory); else null and calls take {@link
     * io.github.flinkwasm.engine.GuestFunction#call}. Used by {@link #callDirect} for numbers-only
     * functions and by {@link #callGuest} for the others.
     */
    private NumbersCall direct;
    /** {@link #direct} when the function takes and returns numbers only ({@link #numbersOnly}), else null. */
    private NumbersCall numbersDirect;
    /** {@link #callNumbers} bound to this invoker, for {@link #callNumbersOutOfLine}. */
    private final MethodHandle numbersCall;

    private static final MethodHandle CALL_NUMBERS;

    static {
        try {
            CALL_NUMBERS = MethodHandles.lookup()
                    .findVirtual(
                            FunctionInvoker.class,
                            "callNumbers",
                            MethodType.methodType(long.class, int.class, long.class, long.class, long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Representation representation;
    /** How arguments and result cross for an Extism plugin, else null. */
    private final ExtismCall extism;

    private int sampleCountdown = 1; // the first call is timed

    private FunctionInvoker(
            Plugin plugin, FunctionSignature signature, MetricsRecorder metrics, Representation representation) {
        this.signature = signature;
        this.metrics = metrics;
        this.session = new GuestSession(plugin, signature, metrics, LOG);
        this.guard = session.guard;
        this.what = session.what;
        int n = signature.paramKinds().size();
        this.writers = new ArgumentWriter[n];
        List<LogicalType> paramTypes = new ArrayList<>(n);
        int slots = 0;
        for (int i = 0; i < n; i++) {
            ValueKind kind = signature.paramKinds().get(i);
            paramTypes.add(parse(signature.paramTypes().get(i)));
            writers[i] = kind.codec().argumentWriter(paramTypes.get(i));
            slots += kind.paramTypes().size();
        }
        LogicalType returnType = parse(signature.returnType());
        this.args = new long[slots];
        this.blocks = new ArgumentBlocks(n);
        this.reader = signature.returnKind().codec().resultReader(parse(resultType(signature)), representation, what);
        this.representation = representation;
        boolean isExtism = plugin.manifest().vmConfig().abi() == Abi.EXTISM;
        this.extism = isExtism ? new ExtismCall(signature, paramTypes, returnType, what, representation) : null;
        // an Extism function takes every argument as bytes: never the numeric fast path
        this.numericParams = slots == n && !isExtism ? signature.paramKinds().toArray(new ValueKind[0]) : null;
        this.numericResult = signature.returnKind().inMemory() || isExtism ? null : signature.returnKind();
        this.nullResult = signature.nullResult();
        this.numbersCall = CALL_NUMBERS.bindTo(this);
        this.numbersOnly = numericParams != null && numericResult != null && signature.kind() != FunctionKind.AGGREGATE;
    }

    public FunctionSignature signature() {
        return signature;
    }

    /**
     * Opens an invoker and its instance. The module is compiled on first use in this JVM. When the
     * instance cannot be made (its start code traps or runs past the timeout), {@code on_error =
     * fail} fails here; with {@code on_error = null} the invoker opens and its rows get NULL until
     * an instance can be made, see {@link GuestSession#instantiate()}.
     *
     * @param representation the classes of arguments and results: those of a SQL function, or Java's
     */
    public static FunctionInvoker open(
            Plugin plugin, String functionName, MetricsRecorder metrics, Representation representation) {
        FunctionInvoker invoker = new FunctionInvoker(plugin, plugin.function(functionName), metrics, representation);
        invoker.session.open();
        invoker.findDirect();
        return invoker;
    }

    /**
     * Calls the function with these arguments: NULL when any is NULL (without calling the guest),
     * else the result, or NULL after a failure when {@code on_error} is {@code null}.
     */
    public Object invoke(Object... values) {
        return invoke(values, signature.onError());
    }

    // The fixed-arity forms below are what Flink's generated code calls for functions of up to
    // three parameters. Numbers are passed as their bits: no Object[] per row, and no reference
    // stores into a long-lived array (each would cost a GC barrier).
    //
    // When the function takes and returns numbers only, each form is small: NULL checks, unboxing,
    // the direct call and boxing. The JIT then inlines the form
    // (through eval) into Flink's generated code, where the boxes Flink makes for the arguments and
    // unboxes from the result disappear, as they do around a Java UDF.

    /** {@link #invoke(Object...)} for a function of one parameter, without an array per row. */
    public Object invoke(Object a) {
        ValueKind[] numeric = numericParams;
        if (numeric == null || numeric.length != 1 || a == null) {
            return invoke(new Object[] {a});
        }
        return numbers(1, Numbers.bits(numeric[0], a), 0, 0);
    }

    /** {@link #invoke(Object...)} for a function of two parameters, without an array per row. */
    public Object invoke(Object a, Object b) {
        ValueKind[] numeric = numericParams;
        if (numeric == null || numeric.length != 2 || a == null || b == null) {
            return invoke(new Object[] {a, b});
        }
        return numbers(2, Numbers.bits(numeric[0], a), Numbers.bits(numeric[1], b), 0);
    }

    /** {@link #invoke(Object...)} for a function of three parameters, without an array per row. */
    public Object invoke(Object a, Object b, Object c) {
        ValueKind[] numeric = numericParams;
        if (numeric == null || numeric.length != 3 || a == null || b == null || c == null) {
            return invoke(new Object[] {a, b, c});
        }
        return numbers(3, Numbers.bits(numeric[0], a), Numbers.bits(numeric[1], b), Numbers.bits(numeric[2], c));
    }

    // The forms above and the methods they reach on the direct path are inlined by the JIT into
    // Flink's generated code at every call of the function. The JIT stops inlining into one
    // compiled method once it has inlined 8,000 bytes of bytecode (whole methods are counted, not
    // their hot paths), and a query with 8 calls spends that 8 times: these methods are kept small
    // in bytecode, and every other path is behind a call the JIT does not inline (a method handle
    // in a field) or does not reach (failures).

    /** A call whose arguments are all numbers, given as their bits: {@link #numbersDirect}, or through {@link #args}. */
    private Object numbers(int arity, long a, long b, long c) {
        NumbersCall d = numbersDirect;
        return d != null ? number(callDirect(d, arity, a, b, c)) : numbersThroughArgs(arity, a, b, c);
    }

    /** {@link #numbers} without a direct call: the arguments' bits go into {@link #args}. */
    private Object numbersThroughArgs(int arity, long a, long b, long c) {
        if (numbersOnly) {
            return number(callNumbers(arity, a, b, c));
        }
        encode(arity, a, b, c);
        return run(null, signature.onError());
    }

    /** Puts the bits of the arguments into {@link #args}. */
    private void encode(int arity, long a, long b, long c) {
        args[0] = a;
        if (arity > 1) {
            args[1] = b;
        }
        if (arity > 2) {
            args[2] = c;
        }
    }

    /**
     * One call through {@link #direct} of its {@code arity} (a constant where the fixed-arity form
     * is inlined): {@link #callNumbers} without arrays and without a call the JIT cannot inline.
     * The first call, every sampled one and any without an instance take {@link #callNumbers};
     * failures go to the cold {@link #numbersFailed}.
     */
    private long callDirect(NumbersCall d, int arity, long a, long b, long c) {
        WasmInstance inst = session.instance;
        if (inst == null || sampleCountdown == 1) {
            return callNumbersOutOfLine(arity, a, b, c);
        }
        sampleCountdown--;
        metrics.call();
        CallGuard g = guard;
        if (g != null) {
            g.enter();
        }
        long raw;
        try {
            raw = arity == 1 ? d.call(inst, a) : arity == 2 ? d.call(inst, a, b) : d.call(inst, a, b, c);
        } catch (RuntimeException e) {
            return numbersFailed(e, arity, a, b, c);
        }
        if (g != null && g.exit()) {
            return numbersFailed(null, arity, a, b, c);
        }
        return raw;
    }

    /**
     * After a direct call threw {@code thrown}, or was stopped at its deadline just as it returned
     * ({@code thrown} null): what {@link #callNumbers} does after a failure.
     */
    private long numbersFailed(RuntimeException thrown, int arity, long a, long b, long c) {
        encode(arity, a, b, c); // for the message
        return numbersFailed(thrown);
    }

    /**
     * {@link #callNumbers} through a method handle held in a field, which the JIT never inlines:
     * the path of sampled calls and calls without an instance stays out of the code the JIT
     * inlines at every call, whichever method it compiles first and whatever the profile says.
     */
    private long callNumbersOutOfLine(int arity, long a, long b, long c) {
        try {
            return (long) numbersCall.invokeExact(arity, a, b, c);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e); // callNumbers throws no checked exception
        }
    }

    /** Looks for {@link #direct} once an instance exists. */
    private void findDirect() {
        if (direct == null && extism == null && session.function != null && args.length > 0) {
            NumbersCall d = session.numbersCall();
            direct = d != null && d.arity() == args.length ? d : null;
            numbersDirect = numbersOnly ? direct : null;
        }
    }

    /** The value of a number result of {@link #callNumbers}: NULL after a failure or for null_result. */
    private Object number(long raw) {
        if (nullAfterFailure) {
            nullAfterFailure = false;
            return null;
        }
        NullResult nul = nullResult;
        if (nul != null && nul.matches(raw)) {
            return null;
        }
        return Numbers.value(numericResult, raw, representation);
    }

    /**
     * One call of a numbers-only function with these arguments' bits through {@link #args}, as
     * {@link #run} makes it (metrics, latency sampling, timeout, {@code on_error}), returning the raw
     * result; after a failure turned into NULL it sets {@link #nullAfterFailure}.
     */
    private long callNumbers(int arity, long a, long b, long c) {
        encode(arity, a, b, c);
        metrics.call();
        boolean timed = --sampleCountdown == 0;
        long start = 0;
        if (timed) {
            sampleCountdown = WasmFunctionMetrics.LATENCY_SAMPLE_EVERY;
            start = System.nanoTime();
        }
        if (session.instance == null) {
            try {
                reinstantiate();
            } catch (GuestInterruptedException e) {
                throw e;
            } catch (WasmCallException e) {
                return skipped(e);
            }
        }
        CallGuard g = guard;
        if (g != null) {
            g.enter();
        }
        long raw;
        try {
            raw = session.function.call(args)[0];
        } catch (RuntimeException e) {
            return numbersFailed(e);
        }
        if (g != null && g.exit()) {
            return numbersFailed(null);
        }
        if (timed) {
            sampled(start);
        }
        return raw;
    }

    /**
     * After a numbers call threw {@code thrown}, or was stopped at its deadline just as it
     * returned ({@code thrown} null): the instance is dropped, and the failure thrown or, with
     * {@code on_error = null}, skipped. The arguments are in {@link #args}.
     */
    private long numbersFailed(RuntimeException thrown) {
        try {
            if (thrown == null) {
                discard(); // finished just as its deadline passed: the instance may be mid-way
                throw timeout(null);
            }
            throw callFailed(thrown);
        } catch (GuestInterruptedException e) {
            throw e; // not a failure of the guest: the task is being cancelled
        } catch (WasmCallException e) {
            return skipped(e);
        }
    }

    /** A failed numbers call under {@code on_error}: throws, or gives 0 and NULL for the row. */
    private long skipped(WasmCallException e) {
        failed(e, encodedArguments(), signature.onError()); // throws unless on_error = null
        nullAfterFailure = true;
        return 0;
    }

    /** Records the latency of a sampled call that started at {@code start}. */
    private void sampled(long start) {
        long nanos = System.nanoTime() - start;
        metrics.latency(nanos);
        if (nanos >= WasmFunctionMetrics.SLOW_CALL_NANOS) {
            sampleCountdown = 1; // slow calls: a clock read is cheap next to them
        }
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
                sampled(start);
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
        WasmInstance inst = session.instance;
        if (inst == null) {
            inst = reinstantiate();
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
        if (extism != null) {
            return extism.call(session.extismHost, session.function, values);
        }
        ValueKind[] numeric = numericParams;
        if (values == null) {
            // encoded by a fixed-arity invoke
        } else if (numeric != null) {
            // a switch rather than one lambda per parameter: stays fast when many signatures share this code
            for (int i = 0; i < numeric.length; i++) {
                args[i] = Numbers.bits(numeric[i], values[i]);
            }
        } else {
            int slot = 0;
            for (int i = 0; i < writers.length; i++) {
                slot = writers[i].write(values[i], args, slot, inst, blocks);
            }
        }
        NumbersCall d = direct;
        long raw = d == null ? session.function.call(args)[0] : d.call(inst, args);
        if (blocks.any()) {
            blocks.freeAll(inst);
        }
        if (numericResult == null) {
            return reader.read(raw, inst);
        }
        NullResult nul = nullResult;
        if (nul != null && nul.matches(raw)) {
            return null;
        }
        return Numbers.value(numericResult, raw, representation);
    }

    /** The numeric arguments of the failed call, decoded again from {@link #args}, for its message. */
    private Object[] encodedArguments() {
        Object[] out = new Object[numericParams.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Numbers.value(numericParams[i], args[i], Representation.JAVA);
        }
        return out;
    }

    /** After a failed call: ends the guard, drops the instance and says what happened. */
    private RuntimeException callFailed(RuntimeException e) {
        blocks.clear();
        return session.callFailed(e);
    }

    private WasmTimeoutException timeout(Throwable cause) {
        return session.timeout(cause);
    }

    private Object failed(WasmCallException e, Object[] values, ErrorPolicy policy) {
        session.failed(e, policy, () -> message(e, values), "the row gets NULL");
        return null;
    }

    private String message(WasmCallException e, Object[] values) {
        StringBuilder sb = new StringBuilder(what).append(" failed on arguments (");
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shown(values[i]));
        }
        return sb.append("): ").append(session.cause(e)).toString();
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

    /** A new instance after a failed call: a failure here fails the row, as the call would have. */
    private WasmInstance reinstantiate() {
        WasmInstance inst = session.instantiate();
        findDirect(); // when the first instance could not be made in open()
        return inst;
    }

    private void discard() {
        blocks.clear();
        session.discard();
    }

    /** True when the calls of E take {@link #direct}; for tests. */
    boolean callsDirectly() {
        return direct != null;
    }

    /** Pages of linear memory of the current instance, 0 when there is none. */
    int memoryPages() {
        return session.memoryPages();
    }

    /** The SQL type of what export E returns: a table function's rows come as one ARRAY. */
    private static String resultType(FunctionSignature signature) {
        return signature.kind() == FunctionKind.TABLE
                ? "ARRAY<" + signature.returnType() + ">"
                : signature.returnType();
    }

    // ---- the calls of other exports than E (an aggregate's steps): the same metrics, timeout,
    // instance restart and on_error as the calls of E

    /**
     * Runs one guarded call of another export than E, with the metrics, timeout, instance restart
     * and {@code on_error} of the calls of E.
     *
     * @param shown the row's arguments, for the message of a failure
     * @return the call's value, or null after a failure when the policy is {@code null}
     */
    <T> T guarded(GuestSession.GuestCall<T> call, Object[] shown, ErrorPolicy policy) {
        boolean timed = session.countCall();
        long start = timed ? System.nanoTime() : 0;
        try {
            T result = session.call(call);
            if (timed) {
                metrics.latency(System.nanoTime() - start);
            }
            return result;
        } catch (GuestInterruptedException e) {
            throw e;
        } catch (WasmCallException e) {
            failed(e, shown, policy);
            return null;
        }
    }

    /** Writes the row's arguments from {@code slot} on, as for E; returns the next slot. */
    int writeArguments(Object[] values, long[] into, int slot, WasmInstance inst, ArgumentBlocks into2) {
        for (int i = 0; i < writers.length; i++) {
            slot = writers[i].write(values[i], into, slot, inst, into2);
        }
        return slot;
    }

    /** Reads a result of the function's return type, as for E. */
    Object readResult(long raw, WasmInstance inst) {
        if (numericResult == null) {
            return reader.read(raw, inst);
        }
        return nullResult != null && nullResult.matches(raw) ? null : Numbers.value(numericResult, raw, representation);
    }

    /** Names the plugin, the function and its export, for messages. */
    String what() {
        return what;
    }

    private static LogicalType parse(String sqlType) {
        return LogicalTypeParser.parse(sqlType, FunctionInvoker.class.getClassLoader());
    }

    @Override
    public void close() {
        session.close();
    }
}
