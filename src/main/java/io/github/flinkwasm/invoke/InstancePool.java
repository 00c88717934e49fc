package io.github.flinkwasm.invoke;

import io.github.flinkwasm.metrics.MetricsRecorder;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.types.Representation;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.apache.flink.annotation.Internal;

/**
 * {@code instance_num} invokers of one function, each with its own instance, and as many threads
 * to run them: calls submitted by one subtask run concurrently, at most one per instance. The
 * invokers keep every guarantee of a single one (NULL handling, timeouts, {@code on_error},
 * restarts); their metrics go to one recorder, serialised.
 *
 * <p>{@link #submit} is called by one thread at a time (the subtask's); completion happens on the
 * pool's threads.
 */
@Internal
public final class InstancePool implements AutoCloseable {
    private final FunctionInvoker[] invokers;
    private final BlockingQueue<FunctionInvoker> idle;
    private final ExecutorService threads;

    private InstancePool(FunctionInvoker[] invokers, ExecutorService threads) {
        this.invokers = invokers;
        this.idle = new ArrayBlockingQueue<>(invokers.length);
        for (FunctionInvoker i : invokers) {
            idle.add(i);
        }
        this.threads = threads;
    }

    /** Opens {@code size} invokers of the function, each with its instance, and their threads. */
    public static InstancePool open(Plugin plugin, String functionName, int size, MetricsRecorder metrics) {
        return open(plugin, functionName, size, metrics, Representation.SQL_FUNCTION);
    }

    /** The same, with values in the given representation (Flink's internal or Java's classes). */
    public static InstancePool open(
            Plugin plugin, String functionName, int size, MetricsRecorder metrics, Representation representation) {
        SharedMetrics shared = new SharedMetrics(metrics);
        FunctionInvoker[] invokers = new FunctionInvoker[size];
        try {
            for (int i = 0; i < size; i++) {
                invokers[i] = FunctionInvoker.open(plugin, functionName, shared, representation);
            }
        } catch (RuntimeException e) {
            for (FunctionInvoker i : invokers) {
                if (i != null) {
                    i.close();
                }
            }
            throw e;
        }
        metrics.memoryPages(() -> {
            int pages = 0;
            for (FunctionInvoker i : invokers) {
                pages += i.memoryPages();
            }
            return pages;
        });
        String prefix = "flink-wasm-" + plugin.name() + "." + functionName + "-";
        AtomicInteger count = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(size, r -> {
            Thread t = new Thread(r, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        return new InstancePool(invokers, threads);
    }

    /**
     * Calls the function on a free instance and completes {@code result} with what {@link
     * FunctionInvoker#invoke(Object...)} returns or throws.
     */
    public void submit(Object[] args, CompletableFuture<Object> result) {
        threads.execute(() -> {
            // never empty: there are as many threads as invokers and each returns its own
            FunctionInvoker invoker = idle.poll();
            try {
                result.complete(invoker.invoke(args));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            } finally {
                idle.add(invoker);
            }
        });
    }

    /** Stops the threads (interrupting running calls) and closes every invoker. */
    @Override
    public void close() {
        threads.shutdownNow();
        try {
            threads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (FunctionInvoker i : invokers) {
            i.close();
        }
    }

    /** One recorder shared by the pool's invokers: calls serialised, memory reported by the pool. */
    private static final class SharedMetrics implements MetricsRecorder {
        private final MetricsRecorder target;

        SharedMetrics(MetricsRecorder target) {
            this.target = target;
        }

        @Override
        public synchronized void call() {
            target.call();
        }

        @Override
        public synchronized void error() {
            target.error();
        }

        @Override
        public synchronized void timeout() {
            target.timeout();
        }

        @Override
        public synchronized void nullResult() {
            target.nullResult();
        }

        @Override
        public synchronized void instanceRestart() {
            target.instanceRestart();
        }

        @Override
        public synchronized void latency(long nanos) {
            target.latency(nanos);
        }

        @Override
        public void memoryPages(IntSupplier pages) {
            // the pool reports the sum over its instances
        }
    }
}
