package io.github.flinkwasm.metrics;

import java.util.function.IntSupplier;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The metrics of one WebAssembly function in one subtask, registered under the function's metric
 * group as {@code <operator scope>.wasm.<plugin>.<function>.<metric>}.
 *
 * <p>Counters: {@value #CALLS}, {@value #ERRORS}, {@value #TIMEOUTS}, {@value #NULL_RESULTS},
 * {@value #INSTANCE_RESTARTS}. Histogram: {@value #LATENCY_NANOS} (a clock read costs about as
 * much as a fast call, so fast calls are timed one in {@value #LATENCY_SAMPLE_EVERY}; once a timed
 * call takes {@value #SLOW_CALL_NANOS} ns or more, every call is timed until one is fast again). Gauge: {@value
 * #MEMORY_PAGES}.
 */
@PublicEvolving
public final class WasmFunctionMetrics implements MetricsRecorder {
    public static final String GROUP = "wasm";
    public static final String CALLS = "calls";
    public static final String ERRORS = "errors";
    public static final String TIMEOUTS = "timeouts";
    public static final String NULL_RESULTS = "nullResults";
    public static final String INSTANCE_RESTARTS = "instanceRestarts";
    public static final String LATENCY_NANOS = "latencyNanos";
    public static final String MEMORY_PAGES = "memoryPages";
    /** One call in this many is timed for {@link #LATENCY_NANOS}. */
    public static final int LATENCY_SAMPLE_EVERY = 256;
    /** Calls at least this slow are all timed for {@link #LATENCY_NANOS}. */
    public static final long SLOW_CALL_NANOS = 10_000;

    private static final int HISTOGRAM_WINDOW = 1024;

    private final CallCounter calls = new CallCounter();
    private final Counter errors;
    private final Counter timeouts;
    private final Counter nullResults;
    private final Counter restarts;
    private final Histogram latency;
    private volatile IntSupplier pages = () -> 0;

    private WasmFunctionMetrics(MetricGroup group) {
        group.counter(CALLS, calls);
        this.errors = group.counter(ERRORS);
        this.timeouts = group.counter(TIMEOUTS);
        this.nullResults = group.counter(NULL_RESULTS);
        this.restarts = group.counter(INSTANCE_RESTARTS);
        this.latency = group.histogram(LATENCY_NANOS, new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        group.gauge(MEMORY_PAGES, () -> pages.getAsInt());
    }

    /** Registers the metrics of {@code plugin.function} under {@code parent}. */
    public static WasmFunctionMetrics register(MetricGroup parent, String plugin, String function) {
        return new WasmFunctionMetrics(parent.addGroup(GROUP).addGroup(plugin).addGroup(function));
    }

    @Override
    public void call() {
        calls.inc();
    }

    @Override
    public void error() {
        errors.inc();
    }

    @Override
    public void timeout() {
        timeouts.inc();
    }

    @Override
    public void nullResult() {
        nullResults.inc();
    }

    @Override
    public void instanceRestart() {
        restarts.inc();
    }

    @Override
    public void latency(long nanos) {
        latency.update(nanos);
    }

    @Override
    public void memoryPages(IntSupplier pages) {
        this.pages = pages;
    }

    /**
     * The calls counter: a final class the JIT binds statically and inlines into the caller (a
     * call through Flink's {@link Counter} interface is not inlined where its call site has seen
     * more than one kind of counter). Written by the task thread only, like Flink's SimpleCounter.
     */
    private static final class CallCounter implements Counter {
        private long count;

        @Override
        public void inc() {
            count++;
        }

        @Override
        public void inc(long n) {
            count += n;
        }

        @Override
        public void dec() {
            count--;
        }

        @Override
        public void dec(long n) {
            count -= n;
        }

        @Override
        public long getCount() {
            return count;
        }
    }
}
