package io.github.flinkwasm.invoke;

import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.engine.GuestFunction;
import io.github.flinkwasm.engine.WasmInstance;
import io.github.flinkwasm.manifest.ErrorPolicy;
import io.github.flinkwasm.manifest.FunctionKind;
import io.github.flinkwasm.metrics.MetricsRecorder;
import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.types.ArgumentBlocks;
import io.github.flinkwasm.types.Representation;
import org.apache.flink.annotation.Internal;

/**
 * Calls the exports of one aggregate function (SPEC section 7): {@code E_create}, {@code
 * E_accumulate}, {@code E_retract}, {@code E_merge} and {@code E_result}. The accumulator is the
 * guest's bytes, held by the caller (in Flink state); each step hands it to the guest and takes
 * back the new one, which is checked (inside linear memory, not empty, at most {@link
 * #MAX_ACCUMULATOR_BYTES}) before the caller sees it, so a wrong accumulator never reaches state.
 * Timeouts, metrics, instance restarts and {@code on_error} are those of {@link FunctionInvoker}.
 *
 * <p>Not thread-safe: one per parallel subtask.
 */
@Internal
public final class AggregateInvoker implements AutoCloseable {
    /** The largest accumulator a guest may return: 16 MiB. */
    public static final int MAX_ACCUMULATOR_BYTES = 16 << 20;

    private static final Object[] NO_ARGUMENTS = new Object[0];

    private final FunctionInvoker invoker;
    private final FunctionSignature signature;
    private final int paramCount;
    private final long[] stepArgs;
    private final long[] mergeArgs = new long[4];
    private final long[] resultArgs = new long[2];
    private final long[] noArgs = new long[0];
    private final ArgumentBlocks blocks;

    // the step exports of the current instance, resolved again after each restart
    private WasmInstance resolvedFor;
    private GuestFunction create;
    private GuestFunction accumulate;
    private GuestFunction retract;
    private GuestFunction merge;
    private GuestFunction result;

    private AggregateInvoker(FunctionInvoker invoker) {
        this.invoker = invoker;
        this.signature = invoker.signature();
        if (signature.kind() != FunctionKind.AGGREGATE) {
            throw new IllegalArgumentException("function '" + signature.name() + "' is of kind "
                    + signature.kind().jsonName() + ", not aggregate");
        }
        this.paramCount = signature.paramKinds().size();
        int slots = 2;
        for (var k : signature.paramKinds()) {
            slots += k.paramTypes().size();
        }
        this.stepArgs = new long[slots];
        this.blocks = new ArgumentBlocks(paramCount + 2);
    }

    /** Opens the aggregate function {@code functionName} of the plugin, with its instance. */
    public static AggregateInvoker open(
            Plugin plugin, String functionName, MetricsRecorder metrics, Representation representation) {
        return new AggregateInvoker(FunctionInvoker.open(plugin, functionName, metrics, representation));
    }

    public FunctionSignature signature() {
        return signature;
    }

    /** A new accumulator from {@code E_create}. A failure always throws: there is no row to skip. */
    public byte[] create() {
        return invoker.guarded(
                inst -> {
                    resolve(inst);
                    return takeAccumulator(create.call(noArgs)[0], inst, create.name());
                },
                NO_ARGUMENTS,
                ErrorPolicy.FAIL);
    }

    /**
     * The accumulator after this row. A row with a NULL argument is skipped without calling the
     * guest, as is a failed call when {@code on_error} is {@code null} (counted): both give the
     * accumulator unchanged.
     */
    public byte[] accumulate(byte[] acc, Object... values) {
        return step(acc, values, false);
    }

    /** The accumulator without this row ({@code E_retract}); NULLs and failures as {@link #accumulate}. */
    public byte[] retract(byte[] acc, Object... values) {
        if (!signature.retract()) {
            throw new UnsupportedOperationException(invoker.what() + " has no export '" + signature.exportOf("retract")
                    + "', so it cannot take back rows");
        }
        return step(acc, values, true);
    }

    private byte[] step(byte[] acc, Object[] values, boolean back) {
        if (values.length != paramCount) {
            throw new IllegalArgumentException(
                    invoker.what() + " takes " + paramCount + " arguments, got " + values.length);
        }
        for (Object v : values) {
            if (v == null) {
                return acc;
            }
        }
        byte[] next = invoker.guarded(
                inst -> {
                    resolve(inst);
                    GuestFunction f = back ? retract : accumulate;
                    blocks.clear();
                    int slot = writeBlock(acc, stepArgs, 0, inst);
                    invoker.writeArguments(values, stepArgs, slot, inst, blocks);
                    long raw = f.call(stepArgs)[0];
                    blocks.freeAll(inst);
                    return takeAccumulator(raw, inst, f.name());
                },
                values,
                signature.onError());
        return next == null ? acc : next;
    }

    /**
     * The two accumulators merged ({@code E_merge}). With {@code on_error = null} a failed merge
     * keeps {@code acc} (counted).
     */
    public byte[] merge(byte[] acc, byte[] other) {
        if (!signature.merge()) {
            throw new UnsupportedOperationException(invoker.what() + " has no export '" + signature.exportOf("merge")
                    + "', so it cannot merge accumulators");
        }
        byte[] next = invoker.guarded(
                inst -> {
                    resolve(inst);
                    blocks.clear();
                    writeBlock(other, mergeArgs, writeBlock(acc, mergeArgs, 0, inst), inst);
                    long raw = merge.call(mergeArgs)[0];
                    blocks.freeAll(inst);
                    return takeAccumulator(raw, inst, merge.name());
                },
                new Object[] {shown(acc), shown(other)},
                signature.onError());
        return next == null ? acc : next;
    }

    /** The result of type {@code returns} ({@code E_result}); NULL after a failure when {@code on_error} is null. */
    public Object result(byte[] acc) {
        return invoker.guarded(
                inst -> {
                    resolve(inst);
                    blocks.clear();
                    writeBlock(acc, resultArgs, 0, inst);
                    long raw = result.call(resultArgs)[0];
                    blocks.freeAll(inst);
                    return invoker.readResult(raw, inst);
                },
                new Object[] {shown(acc)},
                signature.onError());
    }

    private int writeBlock(byte[] bytes, long[] args, int slot, WasmInstance inst) {
        return blocks.pass(bytes, 0, bytes.length, args, slot, inst);
    }

    private byte[] takeAccumulator(long raw, WasmInstance inst, String export) {
        int len = (int) raw;
        if (len == 0) {
            throw new WasmCallException(invoker.what() + ": export '" + export
                    + "' returned an empty accumulator; an accumulator is " + "at least one byte");
        }
        if (Integer.toUnsignedLong(len) > MAX_ACCUMULATOR_BYTES) {
            throw new WasmCallException(invoker.what() + ": export '" + export + "' returned an accumulator of "
                    + Integer.toUnsignedLong(len) + " bytes, above the limit of " + MAX_ACCUMULATOR_BYTES
                    + " bytes");
        }
        return inst.takePacked(raw, invoker.what() + ": export '" + export + "'");
    }

    /** Resolves the step exports on each new instance. */
    private void resolve(WasmInstance inst) {
        if (resolvedFor != inst) {
            create = inst.function(signature.exportOf("create"));
            accumulate = inst.function(signature.exportOf("accumulate"));
            retract = signature.retract() ? inst.function(signature.exportOf("retract")) : null;
            merge = signature.merge() ? inst.function(signature.exportOf("merge")) : null;
            result = inst.function(signature.exportOf("result"));
            resolvedFor = inst;
        }
    }

    private static String shown(byte[] acc) {
        return "accumulator of " + acc.length + " bytes";
    }

    /** Pages of linear memory of the current instance, 0 when there is none. */
    int memoryPages() {
        return invoker.memoryPages();
    }

    @Override
    public void close() {
        invoker.close();
    }
}
