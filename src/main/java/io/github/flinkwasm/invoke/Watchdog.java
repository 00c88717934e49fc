package io.github.flinkwasm.invoke;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread per JVM that stops calls running past their deadline. It samples each
 * registered {@link CallGuard} every tick (a tenth of the shortest timeout, from 1 to 100 ms), so
 * the per-row path pays no clock reads and no scheduling: a call is stopped between its timeout
 * and its timeout plus two ticks. The thread runs only while a guard is registered: it ends at the
 * first tick without one and starts again with the next registration, so that no thread of the
 * library outlives the jobs that use it (a session cluster unloads a job's classes only then).
 */
final class Watchdog {
    private static final CopyOnWriteArrayList<CallGuard> GUARDS = new CopyOnWriteArrayList<>();
    private static Thread thread;

    private Watchdog() {
        // no instances
    }

    static synchronized void register(CallGuard guard) {
        GUARDS.add(guard);
        if (thread == null) {
            thread = new Thread(Watchdog::run, "flink-wasm-watchdog");
            thread.setDaemon(true);
            // not the job's class loader of whoever registered first: other jobs may outlive that one
            thread.setContextClassLoader(Watchdog.class.getClassLoader());
            thread.start();
        }
        LockSupport.unpark(thread);
    }

    static void unregister(CallGuard guard) {
        GUARDS.remove(guard);
    }

    /** How many guards are registered. */
    static int registered() {
        return GUARDS.size();
    }

    /** The watchdog thread, or null when none runs. */
    static synchronized Thread thread() {
        return thread;
    }

    /** Ends the thread when no guard is left; under the lock that registration takes. */
    private static synchronized boolean retire() {
        if (GUARDS.isEmpty()) {
            thread = null;
            return true;
        }
        return false;
    }

    private static void run() {
        while (!(GUARDS.isEmpty() && retire())) {
            long tick = TimeUnit.MILLISECONDS.toNanos(100);
            long now = System.nanoTime();
            for (CallGuard g : GUARDS) {
                tick = Math.min(tick, Math.max(TimeUnit.MILLISECONDS.toNanos(1), g.timeoutNanos / 10));
                long running = g.running();
                if (running == 0) {
                    g.seenSequence = 0;
                } else if (running != g.seenSequence) {
                    g.seenSequence = running;
                    g.seenAtNanos = now;
                    g.seen(running);
                } else if (now - g.seenAtNanos >= g.timeoutNanos) {
                    g.fire(running);
                }
            }
            LockSupport.parkNanos(tick);
        }
    }
}
