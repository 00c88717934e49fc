package io.github.flinkwasm.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkwasm.GuestInterruptedException;
import io.github.flinkwasm.WasmLoadException;
import io.github.flinkwasm.WasmTimeoutException;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.testing.CountingMetrics;
import io.github.flinkwasm.testing.TestPlugins;
import io.github.flinkwasm.types.Representation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Start code (a start function, a reactor's _initialize) runs once, and under the call timeout. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StartCodeTest {
    private static final long TIMEOUT_MS = 200;

    @TempDir
    Path dir;

    private Plugin plugin(String name, String module, String vmExtra, String onError) {
        return PluginLoader.load(TestPlugins.manifest(
                dir,
                name,
                module,
                vmExtra,
                "[{\"name\": \"one\", \"params\": [\"INT\"], \"returns\": \"INT\", \"on_error\": \"" + onError
                        + "\"}]"));
    }

    @Test
    void shouldRunTheStartFunctionAndInitializeOncePerInstance() {
        Plugin p = PluginLoader.load(TestPlugins.manifest(dir, "once", "start_once", "", "[\"starts\", \"inits\"]"));
        try (FunctionInvoker starts =
                        FunctionInvoker.open(p, "starts", new CountingMetrics(), Representation.SQL_FUNCTION);
                FunctionInvoker inits =
                        FunctionInvoker.open(p, "inits", new CountingMetrics(), Representation.SQL_FUNCTION)) {
            assertThat(starts.invoke(0)).isEqualTo(1);
            assertThat(inits.invoke(0)).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0} in {1} mode")
    @CsvSource({
        "start_loop, compiled, start function",
        "start_loop, interpreted, start function",
        "init_loop, compiled, _initialize",
        "init_loop, interpreted, _initialize"
    })
    void shouldStopEndlessStartCodeAtTheTimeoutAndNameIt(String module, String mode, String phase) {
        Plugin p = plugin(
                "guest",
                module,
                "\"mode\": \"" + mode + "\", \"timeout_ms\": " + TIMEOUT_MS + ", \"wasi\": true",
                "fail");
        CountingMetrics metrics = new CountingMetrics();
        int guards = Watchdog.registered();
        long start = System.nanoTime();
        assertThatThrownBy(() -> FunctionInvoker.open(p, "one", metrics, Representation.SQL_FUNCTION))
                .isInstanceOf(WasmLoadException.class)
                .hasCauseInstanceOf(WasmTimeoutException.class)
                .hasMessageContaining("plugin 'guest' function 'one'")
                .hasMessageContaining(phase)
                .hasMessageContaining("vm_config.timeout_ms = 200 ms");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(TIMEOUT_MS);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(metrics.timeouts).isEqualTo(1);
        // the invoker was never handed out, so nothing may keep its guard registered
        assertThat(Watchdog.registered()).isEqualTo(guards);
    }

    @Test
    void shouldGiveNullAndRetryTheStartCodeWithBackoffWhenOnErrorIsNull() {
        Plugin p = plugin("guest", "start_loop", "\"timeout_ms\": " + TIMEOUT_MS, "null");
        CountingMetrics metrics = new CountingMetrics();
        long start = System.nanoTime();
        int rows = 200;
        try (FunctionInvoker one = FunctionInvoker.open(p, "one", metrics, Representation.SQL_FUNCTION)) {
            for (int i = 0; i < rows; i++) {
                assertThat(one.invoke(i)).isNull();
            }
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // attempts at 0, 1, 3, 7, 15... seconds: at most 2 + log2(elapsed seconds + 1), never one per row
        long allowed = 2 + (long) Math.floor(Math.log(elapsedMs / 1000.0 + 1) / Math.log(2));
        assertThat(metrics.timeouts).isBetween(1L, allowed);
        assertThat(metrics.nullResults).isEqualTo(rows);
        assertThat(metrics.errors).isEqualTo(rows);
    }

    @Test
    void shouldDeleteTheWasiScratchCopyWhenInstantiationFails() throws IOException {
        Path granted = Files.createDirectory(dir.resolve("granted"));
        Files.writeString(granted.resolve("hello.txt"), "hello");
        String name = "leak_" + Long.toString(System.nanoTime(), 36).replaceAll("[^a-z0-9]", "");
        Plugin p = plugin(
                name,
                "init_loop",
                "\"timeout_ms\": " + TIMEOUT_MS + ", \"wasi\": {\"preopens\": {\"/data\": \"" + granted + "\"}}",
                "fail");
        assertThatThrownBy(() -> FunctionInvoker.open(p, "one", new CountingMetrics(), Representation.SQL_FUNCTION))
                .hasCauseInstanceOf(WasmTimeoutException.class);
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(tmp.map(f -> f.getFileName().toString()).filter(f -> f.contains(name)))
                    .isEmpty();
        }
    }

    @Test
    void shouldNeverTakeTheCancellationOfTheTaskForATimeoutOfTheStartCode() throws Exception {
        Plugin p = plugin("guest", "start_loop", "\"timeout_ms\": 0", "null");
        CountingMetrics metrics = new CountingMetrics();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread task = new Thread(() -> {
            try (FunctionInvoker one = FunctionInvoker.open(p, "one", metrics, Representation.SQL_FUNCTION)) {
                one.invoke(1);
            } catch (Throwable t) {
                thrown.set(t);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        task.start();
        Thread.sleep(300);
        task.interrupt(); // what Flink does to cancel a task
        task.join(30_000);
        assertThat(task.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(GuestInterruptedException.class);
        assertThat(stillInterrupted.get()).isTrue();
        assertThat(metrics.timeouts).isZero();
        assertThat(metrics.errors).isZero();
    }
}
