package io.github.flinkwasm.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.testing.CountingMetrics;
import io.github.flinkwasm.testing.TestPlugins;
import io.github.flinkwasm.types.Representation;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The watchdog thread runs only while calls may need it. */
@Timeout(120)
class WatchdogTest {
    @TempDir
    Path dir;

    private static void awaitEnd(Thread t) throws InterruptedException {
        t.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(t.isAlive()).as("the watchdog thread ended").isFalse();
    }

    @Test
    void shouldEndTheThreadWhenNoGuardIsLeftAndStartItAgainOnDemand() throws Exception {
        assertThat(Watchdog.registered())
                .as("guards left registered by earlier tests")
                .isZero();
        CallGuard one = new CallGuard(TimeUnit.SECONDS.toNanos(1));
        CallGuard two = new CallGuard(TimeUnit.SECONDS.toNanos(1));
        Watchdog.register(one);
        Watchdog.register(two);
        Thread first = Watchdog.thread();
        assertThat(first).isNotNull();
        assertThat(first.isDaemon()).isTrue();
        assertThat(first.getContextClassLoader()).isSameAs(Watchdog.class.getClassLoader());
        Watchdog.unregister(one);
        Thread.sleep(300); // several ticks with a guard still registered
        assertThat(first.isAlive()).isTrue();
        Watchdog.unregister(two);
        awaitEnd(first);
        assertThat(Watchdog.thread()).isNull();

        Watchdog.register(one);
        Thread second = Watchdog.thread();
        assertThat(second).isNotNull().isNotSameAs(first);
        assertThat(second.isAlive()).isTrue();
        Watchdog.unregister(one);
        awaitEnd(second);
    }

    @Test
    void shouldLeaveNoThreadOnceTheLastInvokerIsClosed() throws Exception {
        assertThat(Watchdog.registered())
                .as("guards left registered by earlier tests")
                .isZero();
        Plugin p = PluginLoader.load(
                TestPlugins.manifest(dir, "guest", "loops", "\"timeout_ms\": 500", "[\"add\", \"spin_br\"]"));
        Thread watchdog;
        try (FunctionInvoker add = FunctionInvoker.open(p, "add", new CountingMetrics(), Representation.SQL_FUNCTION)) {
            assertThat(add.invoke(1, 2)).isEqualTo(3);
            watchdog = Watchdog.thread();
            assertThat(watchdog).isNotNull();
        }
        awaitEnd(watchdog);
        // and the timeout still works with a thread started again
        try (FunctionInvoker spin =
                FunctionInvoker.open(p, "spin_br", new CountingMetrics(), Representation.SQL_FUNCTION)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> spin.invoke(1))
                    .isInstanceOf(io.github.flinkwasm.WasmTimeoutException.class);
        }
        awaitEnd(Watchdog.thread() == null ? watchdog : Watchdog.thread());
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("flink-wasm-") && t.isAlive());
    }

    /**
     * Calls that end around their deadline, thousands of times: a call the watchdog stopped sees
     * its interrupt cleared by {@link CallGuard#exit}, and a thread outside a call is never
     * interrupted, whether or not the call paid the compare-and-set.
     */
    @Test
    void shouldNeverInterruptAThreadOutsideACall() throws Exception {
        CallGuard guard = new CallGuard(TimeUnit.MILLISECONDS.toNanos(1));
        Watchdog.register(guard);
        int stopped = 0;
        int finished = 0;
        try {
            java.util.Random random = new java.util.Random(7);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            while (System.nanoTime() < end) {
                assertThat(Thread.currentThread().isInterrupted())
                        .as("interrupted between calls")
                        .isFalse();
                long work = random.nextInt(3_000_000); // up to 3 ms around a 1 ms timeout
                guard.enter();
                long until = System.nanoTime() + work;
                while (System.nanoTime() < until && !Thread.currentThread().isInterrupted()) {
                    Thread.onSpinWait(); // a guest that checks for interruption as compiled code does
                }
                if (guard.exit()) {
                    stopped++;
                } else {
                    finished++;
                }
                assertThat(Thread.currentThread().isInterrupted())
                        .as("interrupted after a call")
                        .isFalse();
                guard.stop.clear();
            }
        } finally {
            Watchdog.unregister(guard);
        }
        System.out.printf("calls around a 1 ms deadline: %d stopped, %d finished%n", stopped, finished);
        assertThat(stopped).isPositive();
        assertThat(finished).isPositive();
    }
}
