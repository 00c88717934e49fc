package io.github.flinkwasm.metrics;

import java.util.function.IntSupplier;
import org.apache.flink.annotation.Internal;

/**
 * What a function invoker reports. Every method is a no-op by default, so the invoker always calls
 * the recorder and an implementation overrides what it supports. Called from one thread at a time.
 */
@Internal
public interface MetricsRecorder {

    /** A recorder that records nothing, for the command line and tests. */
    MetricsRecorder NONE = new MetricsRecorder() {};

    /** One guest call was made (every row with no NULL argument). */
    default void call() {}

    /** A call failed: trap, timeout, bad result. */
    default void error() {}

    /** A call was stopped at its deadline. Also counted as an error. */
    default void timeout() {}

    /** A failed call's row got NULL ({@code on_error = null}). */
    default void nullResult() {}

    /** An instance was discarded after a failure and will be created again. */
    default void instanceRestart() {}

    /** Wall time of one call in nanoseconds (sampled). */
    default void latency(long nanos) {}

    /** Where the current linear memory size, in pages, can be read. */
    default void memoryPages(IntSupplier pages) {}
}
