package io.github.flinkwasm.invoke;

import io.github.flinkwasm.engine.StopSignal;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * The deadline of the calls of one invoker. The calling thread marks a call's start and end; the
 * {@link Watchdog} stops a call that runs past the timeout by raising the {@link StopSignal} and
 * interrupting the thread. The hand-shake guarantees that the watchdog never interrupts a thread
 * outside a call, and that the caller clears an interrupt the watchdog delivered.
 *
 * <p>Marking costs no atomic instruction for calls the watchdog has not seen running: a
 * compare-and-set per call (about 2 ns, as much as a cheap guest function) is paid only by a call
 * that was running at one of the watchdog's ticks, which the watchdog marks as {@link #suspect}
 * before it may stop it a whole timeout later. A call that ends unmarked only publishes its end,
 * and the watchdog's compare-and-set, which comes at least a timeout (a millisecond or more) after
 * the caller read the mark, finds that end and leaves the thread alone.
 */
final class CallGuard {
    private static final long IDLE = 0;
    private static final long FIRED = -1;
    /*
     * A field updater rather than a VarHandle: both compile to the same release store, but the
     * updater's is about 30 bytes of bytecode against about 270 for a VarHandle's access guard,
     * and the JIT counts every inlined byte against one budget per compiled method. Enter and exit
     * are inlined at every call of every function in Flink's generated code.
     */
    private static final AtomicLongFieldUpdater<CallGuard> STATE =
            AtomicLongFieldUpdater.newUpdater(CallGuard.class, "state");

    final long timeoutNanos;
    final StopSignal stop = new StopSignal();

    /** IDLE, the sequence number of the running call, or FIRED. */
    private volatile long state;

    private long sequence;
    private Thread thread;
    private volatile boolean interruptDelivered;
    /** The sequence number of a call the watchdog saw running, written by the watchdog. */
    private volatile long suspect;

    // watchdog-side bookkeeping, touched only by the watchdog thread
    long seenSequence;
    long seenAtNanos;

    CallGuard(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    /** Marks the start of a call on the current thread. */
    void enter() {
        Thread current = Thread.currentThread();
        if (thread != current) {
            thread = current; // stored only when it changes: each reference store costs a GC barrier
        }
        long s = ++sequence;
        if (s == FIRED || s == IDLE) {
            s = sequence = 1;
        }
        STATE.lazySet(this, s);
    }

    /**
     * Marks the end of the call.
     *
     * @return true when the watchdog stopped this call; the interrupt it delivered is cleared
     */
    boolean exit() {
        long s = sequence;
        if (suspect != s) {
            STATE.lazySet(this, IDLE); // not seen running: the watchdog fires no sooner than a timeout from now
            return false;
        }
        if (STATE.compareAndSet(this, s, IDLE)) {
            return false;
        }
        while (!interruptDelivered) {
            Thread.onSpinWait();
        }
        interruptDelivered = false;
        Thread.interrupted();
        stop.clear();
        STATE.set(this, IDLE);
        return true;
    }

    /** Watchdog side: the running call's sequence number, or 0 when idle. */
    long running() {
        long s = state;
        return s == FIRED ? IDLE : s;
    }

    /**
     * Watchdog side: marks the running call with this sequence number as seen running; the call
     * then ends with a compare-and-set. Called at least a timeout before {@link #fire} for it.
     */
    void seen(long runningSequence) {
        suspect = runningSequence;
    }

    /** Watchdog side: stops the call with this sequence number if it is still running. */
    void fire(long runningSequence) {
        if (STATE.compareAndSet(this, runningSequence, FIRED)) {
            stop.raise();
            thread.interrupt();
            interruptDelivered = true;
        }
    }
}
