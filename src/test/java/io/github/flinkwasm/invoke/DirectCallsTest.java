package io.github.flinkwasm.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkwasm.GuestInterruptedException;
import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.WasmTimeoutException;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.testing.CountingMetrics;
import io.github.flinkwasm.testing.TestPlugins;
import io.github.flinkwasm.types.Representation;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Numbers-only functions in compiled mode are called without arrays after their first call: that
 * path keeps every guardrail of the other one. Each test makes its failing call only after calls
 * that took the direct path, and checks that they did.
 */
@Timeout(60)
class DirectCallsTest {
    @TempDir
    Path dir;

    private Plugin plugin(String module, String vmExtra, String functions) {
        return PluginLoader.load(TestPlugins.manifest(dir, "guest", module, vmExtra, functions));
    }

    private static FunctionInvoker open(Plugin p, String function, CountingMetrics metrics) {
        return FunctionInvoker.open(p, function, metrics, Representation.SQL_FUNCTION);
    }

    @Test
    void shouldTakeTheDirectPathOnlyForCompiledNumbersOnlyFunctions() {
        Plugin compiled = plugin("loops", "", "[\"add\"]");
        Plugin interpreted = plugin("loops", "\"mode\": \"interpreted\"", "[\"add\"]");
        CountingMetrics metrics = new CountingMetrics();
        try (FunctionInvoker add = open(compiled, "add", metrics);
                FunctionInvoker slow = open(interpreted, "add", new CountingMetrics())) {
            assertThat(add.callsDirectly()).isTrue();
            assertThat(slow.callsDirectly()).isFalse();
            for (int i = 0; i < 1000; i++) {
                assertThat(add.invoke(i, 3)).isEqualTo(i + 3);
                assertThat(slow.invoke(i, 3)).isEqualTo(i + 3);
            }
            assertThat(add.invoke(Integer.MAX_VALUE, 1)).isEqualTo(Integer.MIN_VALUE);
            assertThat(add.invoke(null, 1)).isNull();
        }
        assertThat(metrics.calls).isEqualTo(1001); // every call counted, NULL arguments are not calls
        try (FunctionInvoker sum =
                open(PluginLoader.load(TestPlugins.sample("seed")), "add_ints", new CountingMetrics())) {
            assertThat(sum.callsDirectly()).as("a C guest built by clang").isTrue();
            assertThat(sum.invoke(40, 2)).isEqualTo(42);
        }
        Plugin strings = PluginLoader.load(TestPlugins.sample("text_c"));
        try (FunctionInvoker upper = open(strings, "c_str_reverse", new CountingMetrics())) {
            assertThat(upper.callsDirectly())
                    .as("E(ptr, len) -> i64 of a string function")
                    .isTrue();
            assertThat(upper.invoke("abc")).hasToString("cba");
        }
    }

    @Test
    void shouldStopADirectCallAtItsTimeoutAndGoOn() {
        Plugin p = plugin("loops", "\"timeout_ms\": 200", "[\"busy\"]");
        CountingMetrics metrics = new CountingMetrics();
        try (FunctionInvoker busy = open(p, "busy", metrics)) {
            for (int i = 0; i < 10; i++) {
                assertThat(busy.invoke(0)).isEqualTo(0);
            }
            assertThat(busy.callsDirectly()).isTrue();
            assertThatThrownBy(() -> busy.invoke(1_000_000))
                    .isInstanceOf(WasmTimeoutException.class)
                    .hasMessageContaining(
                            "plugin 'guest' function 'busy' (export 'busy') failed on arguments (1000000)")
                    .hasMessageContaining("timeout_ms = 200");
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            assertThat(metrics.timeouts).isEqualTo(1);
            assertThat(metrics.restarts).isEqualTo(1);
            for (int i = 0; i < 10; i++) { // the first on a new instance, then direct again
                assertThat(busy.invoke(0)).isEqualTo(0);
            }
            assertThatThrownBy(() -> busy.invoke(1_000_000)).isInstanceOf(WasmTimeoutException.class);
            assertThat(metrics.timeouts).isEqualTo(2);
        }
    }

    @Test
    void shouldNameTheRowOfATrapAndRecreateTheInstance() {
        Plugin p = plugin("traps", "", "[\"check\", \"div\"]");
        CountingMetrics metrics = new CountingMetrics();
        try (FunctionInvoker check = open(p, "check", metrics);
                FunctionInvoker div = open(p, "div", new CountingMetrics())) {
            for (int i = 0; i < 10; i++) {
                assertThat(check.invoke(i)).isEqualTo(i);
                assertThat(div.invoke(i, 1)).isEqualTo(i);
            }
            assertThatThrownBy(() -> check.invoke(-7))
                    .isInstanceOf(WasmCallException.class)
                    .hasMessageContaining("plugin 'guest' function 'check' (export 'check') failed on arguments (-7)")
                    .hasMessageContaining("unreachable");
            assertThatThrownBy(() -> div.invoke(1, 0))
                    .hasMessageContaining("failed on arguments (1, 0)")
                    .hasMessageContaining("divide by zero");
            assertThat(check.invoke(6)).isEqualTo(6);
            assertThat(metrics.restarts).isEqualTo(1);
            assertThat(metrics.errors).isEqualTo(1);
        }
    }

    @Test
    void shouldGiveNullForTheFailedRowsOnlyWhenOnErrorIsNull() {
        Plugin p = plugin(
                "traps",
                "",
                "[{\"name\": \"check\", \"params\": [\"INT\"], \"returns\": \"INT\", \"on_error\": \"null\"}]");
        CountingMetrics metrics = new CountingMetrics();
        try (FunctionInvoker check = open(p, "check", metrics)) {
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 20; i++) {
                    assertThat(check.invoke(i)).isEqualTo(i);
                }
                assertThat(check.invoke(-1)).isNull();
            }
        }
        assertThat(metrics.calls).isEqualTo(63);
        assertThat(metrics.errors).isEqualTo(3);
        assertThat(metrics.nullResults).isEqualTo(3);
        assertThat(metrics.restarts).isEqualTo(3);
    }

    @Test
    void shouldLetTheCancellationOfTheTaskThrough() throws Exception {
        Plugin p = plugin("loops", "\"timeout_ms\": 0", "[\"busy\"]");
        CountingMetrics metrics = new CountingMetrics();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        AtomicReference<Boolean> direct = new AtomicReference<>();
        Thread task = new Thread(() -> {
            try (FunctionInvoker busy = open(p, "busy", metrics)) {
                for (int i = 0; i < 10; i++) {
                    busy.invoke(0);
                }
                direct.set(busy.callsDirectly());
                busy.invoke(1_000_000);
            } catch (Throwable t) {
                thrown.set(t);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        task.start();
        Thread.sleep(300);
        task.interrupt(); // what Flink does to cancel a task
        task.join(10_000);
        assertThat(task.isAlive()).isFalse();
        assertThat(direct.get()).isTrue();
        assertThat(thrown.get()).isInstanceOf(GuestInterruptedException.class);
        assertThat(stillInterrupted.get()).isTrue();
        assertThat(metrics.errors).isZero();
    }
}
