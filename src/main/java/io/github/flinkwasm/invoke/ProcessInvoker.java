package io.github.flinkwasm.invoke;

import io.github.flinkwasm.GuestInterruptedException;
import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.engine.WasmInstance;
import io.github.flinkwasm.host.ProcessHost;
import io.github.flinkwasm.manifest.FunctionKind;
import io.github.flinkwasm.metrics.MetricsRecorder;
import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.ProcessChecks;
import io.github.flinkwasm.types.Json;
import io.github.flinkwasm.types.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.apache.flink.types.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls one process function (SPEC section 7) for the Flink surfaces that keep its state and
 * timers: {@code E} per input row and {@code E_on_timer} per timer. State is the guest's bytes; an
 * empty result clears it. Rows the guest emits and timers it sets or deletes take effect only when
 * the call succeeds: a failed call that {@code on_error = null} skips leaves state, output and
 * timers as they were.
 *
 * <p>Not thread-safe: one per parallel subtask.
 */
@Internal
public final class ProcessInvoker implements AutoCloseable, ProcessHost {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessInvoker.class);
    private static final byte[] EMPTY = new byte[0];
    private static final int MAX_SHOWN_CHARS = 200;

    /** What the Flink surface provides to one call: output, timers and time. */
    public interface Context {
        /** Receives one emitted row, of the {@code returns} type. */
        void collect(Row row);

        /** False when the call has no event time (no {@code on_time}), so timers cannot fire. */
        boolean hasTime();

        void registerTimer(long timestampMs);

        void deleteTimer(long timestampMs);

        /** The current watermark, {@link Long#MIN_VALUE} before the first. */
        long watermark();

        /** The row's event time or the timer's time, {@link Long#MIN_VALUE} when none. */
        long time();
    }

    private final GuestSession session;
    private final RowType inputType;
    private final JsonWriter input = new JsonWriter();
    private final LogicalType output;
    private final String onTimerExport;
    private final boolean hasOnTimer;
    /** How results of E and E_on_timer are named in messages. */
    private final String processWhat;

    private final String onTimerWhat;
    private final long[] args4 = new long[4];
    private final long[] args3 = new long[3];
    private final List<Row> rows = new ArrayList<>();
    /** Timers to set (positive entry) or delete, in order: even index = op, odd = time. */
    private final List<long[]> timers = new ArrayList<>();

    private Context context;

    private ProcessInvoker(Plugin plugin, FunctionSignature signature, MetricsRecorder metrics) {
        if (signature.kind() != FunctionKind.PROCESS) {
            throw new IllegalArgumentException("function '" + signature.name() + "' of plugin '" + plugin.name()
                    + "' is of kind '" + signature.kind().jsonName() + "', not 'process'");
        }
        this.session = new GuestSession(plugin, signature, metrics, LOG);
        this.inputType = (RowType) parse(signature.paramTypes().get(0));
        this.output = parse(signature.returnType());
        this.onTimerExport = ProcessChecks.onTimerExport(signature.export());
        this.hasOnTimer = session.exports(onTimerExport);
        this.processWhat = "export '" + signature.export() + "'";
        this.onTimerWhat = "export '" + onTimerExport + "'";
    }

    /** Opens an invoker and its instance. */
    public static ProcessInvoker open(Plugin plugin, String functionName, MetricsRecorder metrics) {
        ProcessInvoker invoker = new ProcessInvoker(plugin, plugin.function(functionName), metrics);
        invoker.session.open();
        return invoker;
    }

    /** The ROW type of the input rows, as the manifest declares it. */
    public RowType inputType() {
        return inputType;
    }

    /** True when the module exports {@code E_on_timer}. */
    public boolean hasOnTimer() {
        return hasOnTimer;
    }

    /**
     * Calls {@code E} on one input row.
     *
     * @param state the partition key's state, null or empty when there is none
     * @param row the input row, fields in the order of the manifest's ROW type
     * @return the new state: empty to clear it; the old state when a failed call was skipped
     */
    public byte[] process(byte[] state, Row row, Context ctx) {
        input.reset();
        Json.write(input, inputType, row);
        byte[] encoded = input.toByteArray();
        return run(state, encoded, Long.MIN_VALUE, ctx, row);
    }

    /** Calls {@code E_on_timer} for a timer at {@code timestampMs}; as {@link #process}. */
    public byte[] onTimer(byte[] state, long timestampMs, Context ctx) {
        if (!hasOnTimer) {
            return state == null ? EMPTY : state;
        }
        return run(state, null, timestampMs, ctx, null);
    }

    private byte[] run(byte[] state, byte[] row, long timer, Context ctx, Row shown) {
        byte[] old = state == null ? EMPTY : state;
        boolean timed = session.countCall();
        long start = timed ? System.nanoTime() : 0;
        byte[] next;
        try {
            next = call(old, row, timer, ctx);
        } catch (GuestInterruptedException e) {
            throw e;
        } catch (WasmCallException e) {
            rows.clear();
            timers.clear();
            return skipped(e, old, row == null ? "the timer at " + timer : "row " + shown);
        }
        if (timed) {
            session.metrics.latency(System.nanoTime() - start);
        }
        for (int i = 0; i < rows.size(); i++) {
            ctx.collect(rows.get(i));
        }
        for (int i = 0; i < timers.size(); i++) {
            long[] t = timers.get(i);
            if (t[0] > 0) {
                ctx.registerTimer(t[1]);
            } else {
                ctx.deleteTimer(t[1]);
            }
        }
        rows.clear();
        timers.clear();
        return next;
    }

    private byte[] call(byte[] state, byte[] row, long timer, Context ctx) {
        context = ctx;
        session.host.processHost(this);
        try {
            return session.call(inst -> step(inst, state, row, timer));
        } finally {
            session.host.processHost(null);
            context = null;
        }
    }

    /** One call of {@code E} (a row) or {@code E_on_timer} (no row) on the instance: the new state. */
    private byte[] step(WasmInstance inst, byte[] state, byte[] row, long timer) {
        int statePtr = state.length == 0 ? 0 : copyIn(inst, state, true);
        int rowPtr = 0;
        long packed;
        if (row != null) {
            rowPtr = copyIn(inst, row, false);
            args4[0] = statePtr;
            args4[1] = state.length;
            args4[2] = rowPtr;
            args4[3] = row.length;
            packed = session.function.call(args4)[0];
        } else {
            args3[0] = statePtr;
            args3[1] = state.length;
            args3[2] = timer;
            packed = inst.function(onTimerExport).call(args3)[0];
        }
        byte[] next = inst.takePacked(packed, row != null ? processWhat : onTimerWhat);
        // a guest may hand back the block it was given (state unchanged): it is freed once
        int returned = (int) (packed >>> 32);
        if (row != null && rowPtr != returned) {
            inst.dealloc(rowPtr, row.length);
        }
        if (state.length > 0 && statePtr != returned) {
            inst.dealloc(statePtr, state.length);
        }
        return next;
    }

    private int copyIn(WasmInstance inst, byte[] bytes, boolean isState) {
        int ptr;
        try {
            ptr = inst.alloc(bytes.length);
        } catch (WasmCallException e) {
            if (!isState) {
                throw e;
            }
            throw new WasmCallException(
                    session.what + ": the state of " + bytes.length + " bytes does not fit in the guest's linear "
                            + "memory, capped at " + session.memoryCapBytes()
                            + " bytes by vm_config.max_memory_pages = "
                            + session.plugin.manifest().vmConfig().maxMemoryPages() + " (" + e.getMessage() + ")",
                    e);
        }
        inst.write(ptr, bytes, 0, bytes.length);
        return ptr;
    }

    private byte[] skipped(WasmCallException e, byte[] old, String shown) {
        session.failed(
                e,
                session.signature.onError(),
                () -> message(e, shown, old.length),
                "the row is skipped: no output, state and timers unchanged");
        return old;
    }

    private String message(WasmCallException e, String shown, int stateBytes) {
        String what = session.what;
        String cause = session.cause(e);
        if (cause != null) {
            cause = cause.replaceFirst("^[:\\s]+", "");
        }
        if (shown.length() > MAX_SHOWN_CHARS) {
            shown = shown.substring(0, MAX_SHOWN_CHARS) + "...";
        }
        String state = stateBytes == 0
                ? ""
                : " (state: " + stateBytes + " bytes; linear memory is capped at " + session.memoryCapBytes()
                        + " bytes by vm_config.max_memory_pages = "
                        + session.plugin.manifest().vmConfig().maxMemoryPages() + ")";
        return what + " failed on " + shown + ": " + cause + state;
    }

    // ---- the host imports, valid while a call runs (installed on the instance by call())

    @Override
    public void emit(byte[] bytes) {
        Row row;
        try {
            row = (Row) Json.decode(output, bytes);
        } catch (RuntimeException e) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            throw new WasmCallException(session.what + " emitted a row that does not fit returns "
                    + session.signature.returnType() + ": " + e.getMessage() + " (emitted: "
                    + (text.length() > MAX_SHOWN_CHARS ? text.substring(0, MAX_SHOWN_CHARS) + "..." : text) + ")");
        }
        rows.add(row);
    }

    @Override
    public void timerSet(long timestampMs) {
        if (!hasOnTimer) {
            throw new WasmCallException(session.what + " called flink_wasm.timer_set, but the module exports no '"
                    + onTimerExport + "' " + ProcessChecks.ON_TIMER + " to handle the timer");
        }
        if (!context.hasTime()) {
            throw new WasmCallException(session.what + " called flink_wasm.timer_set, but the query gives the "
                    + "function no event time: call it with on_time => DESCRIPTOR(<time column>)");
        }
        timers.add(new long[] {1, timestampMs});
    }

    @Override
    public void timerDelete(long timestampMs) {
        timers.add(new long[] {0, timestampMs});
    }

    @Override
    public long watermark() {
        return context.watermark();
    }

    @Override
    public long time() {
        return context.time();
    }

    /** Pages of linear memory of the current instance. */
    public int memoryPages() {
        return session.memoryPages();
    }

    @Override
    public void close() {
        session.close();
    }

    private static LogicalType parse(String sqlType) {
        return LogicalTypeParser.parse(sqlType, ProcessInvoker.class.getClassLoader());
    }
}
