package io.github.flinkwasm.abi.extism;

/**
 * Bounds how fast one plugin instance can write to the job's log: at most {@link #LINES} lines in
 * any window of {@link #WINDOW_NANOS}; the lines dropped are counted and reported with the next line
 * that passes. Not thread-safe: one per instance.
 */
final class LogLimiter {
    static final int LINES = 50;
    static final long WINDOW_NANOS = 1_000_000_000L;

    private long windowStart;
    private int inWindow;
    private long dropped;

    /**
     * @return -1 when the line must be dropped, else how many lines were dropped before it
     */
    long admit(long nowNanos) {
        if (inWindow == 0 || nowNanos - windowStart >= WINDOW_NANOS) {
            windowStart = nowNanos;
            inWindow = 0;
        }
        if (inWindow >= LINES) {
            dropped++;
            return -1;
        }
        inWindow++;
        long d = dropped;
        dropped = 0;
        return d;
    }
}
