package io.github.flinkwasm.host;

import org.apache.flink.annotation.Internal;

/**
 * What the process kind's host imports do during one call of a process function (SPEC section 7):
 * {@code flink_wasm.emit}, {@code timer_set}, {@code timer_delete}, {@code watermark} and {@code
 * time}. The invoker installs one on its {@link FlinkWasmHost} for the length of a call
 * ({@link FlinkWasmHost#processHost}); outside a call the imports fail. Implementations may throw {@link
 * io.github.flinkwasm.WasmCallException} to fail the call.
 */
@Internal
public interface ProcessHost {
    /** {@code emit(ptr, len)}: one output row, the bytes already copied out of linear memory. */
    void emit(byte[] row);

    /** {@code timer_set(timestamp_ms)}: an event-time timer for the current partition key. */
    void timerSet(long timestampMs);

    /** {@code timer_delete(timestamp_ms)}: removes the timer set for that time, if any. */
    void timerDelete(long timestampMs);

    /** {@code watermark() -> i64}: the current watermark, {@link Long#MIN_VALUE} before the first. */
    long watermark();

    /** {@code time() -> i64}: the row's event time, or the timer's time; {@link Long#MIN_VALUE} when none. */
    long time();
}
