package io.github.flinkwasm.testing;

import io.github.flinkwasm.metrics.MetricsRecorder;

/** Counts what an invoker reports, for tests without a cluster. */
public final class CountingMetrics implements MetricsRecorder {
    public long calls;
    public long errors;
    public long timeouts;
    public long nullResults;
    public long restarts;

    @Override
    public void call() {
        calls++;
    }

    @Override
    public void error() {
        errors++;
    }

    @Override
    public void timeout() {
        timeouts++;
    }

    @Override
    public void nullResult() {
        nullResults++;
    }

    @Override
    public void instanceRestart() {
        restarts++;
    }
}
