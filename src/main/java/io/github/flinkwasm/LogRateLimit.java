package io.github.flinkwasm;

import java.util.concurrent.TimeUnit;
import org.apache.flink.annotation.Internal;

/**
 * Bounds how much one source may log: at most {@code perInterval} messages in each interval (which
 * starts with the first message after the previous one ended); the rest are dropped and counted,
 * so that the next message let through, or a final summary, can say how many were dropped. Used
 * for the errors of {@code on_error = null} and for guest log lines. Thread-safe.
 */
@Internal
public final class LogRateLimit {
    /** The interval of both uses, 10 s. */
    public static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final int perInterval;
    private final long intervalNanos;
    private boolean started;
    private long intervalStart;
    private int used;
    private long dropped;

    public LogRateLimit(int perInterval, long intervalNanos) {
        if (perInterval < 1 || intervalNanos < 1) {
            throw new IllegalArgumentException("a limit needs at least one message per positive interval");
        }
        this.perInterval = perInterval;
        this.intervalNanos = intervalNanos;
    }

    /**
     * Asks to log one message at {@code nowNanos} ({@link System#nanoTime()}).
     *
     * @return -1 when it must be dropped; else how many were dropped since the last one let
     *     through (usually 0)
     */
    public synchronized long acquire(long nowNanos) {
        if (!started || nowNanos - intervalStart >= intervalNanos) {
            started = true;
            intervalStart = nowNanos;
            used = 0;
        }
        if (used < perInterval) {
            used++;
            long d = dropped;
            dropped = 0;
            return d;
        }
        dropped++;
        return -1;
    }

    /** How many were dropped since the last message let through; counts from zero again. */
    public synchronized long drainDropped() {
        long d = dropped;
        dropped = 0;
        return d;
    }

    /** Says that {@code dropped} {@code what} were dropped, and what the limit is. */
    public String droppedMessage(long dropped, String what) {
        return dropped + " " + what + " dropped: at most " + perInterval + " are logged per "
                + TimeUnit.NANOSECONDS.toSeconds(intervalNanos) + " s";
    }

    public int perInterval() {
        return perInterval;
    }

    public long intervalNanos() {
        return intervalNanos;
    }
}
