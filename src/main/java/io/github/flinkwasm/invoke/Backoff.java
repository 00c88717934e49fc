package io.github.flinkwasm.invoke;

import java.util.concurrent.TimeUnit;

/**
 * When to try again after consecutive failures: the first retry one {@code base} after the
 * failure, each further one twice as late, never later than {@code max}. Times are {@link
 * System#nanoTime()} readings. Not thread-safe.
 */
final class Backoff {
    static final long BASE_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final long baseNanos;
    private final long maxNanos;
    private int failures;
    private long retryAtNanos;

    Backoff(long baseNanos, long maxNanos) {
        this.baseNanos = baseNanos;
        this.maxNanos = maxNanos;
    }

    Backoff() {
        this(BASE_NANOS, MAX_NANOS);
    }

    /** True when no failure is pending or its delay has passed. */
    boolean ready(long nowNanos) {
        return failures == 0 || nowNanos - retryAtNanos >= 0;
    }

    /** Records a failure at {@code nowNanos}; returns the delay until the next attempt. */
    long failed(long nowNanos) {
        long delay = baseNanos;
        for (int i = 0; i < failures && delay < maxNanos; i++) {
            delay *= 2;
        }
        delay = Math.min(delay, maxNanos);
        failures++;
        retryAtNanos = nowNanos + delay;
        return delay;
    }

    /** Forgets the failures after a success. */
    void succeeded() {
        failures = 0;
    }

    int failures() {
        return failures;
    }
}
