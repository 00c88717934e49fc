package io.github.flinkwasm.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkwasm.GuestInterruptedException;
import io.github.flinkwasm.PluginException;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(60)
class GuardrailsTest {
    private static final long TIMEOUT_MS = 200;

    @TempDir
    Path dir;

    private Plugin plugin(String module, String vmExtra, String functions) {
        return PluginLoader.load(TestPlugins.manifest(dir, "guest", module, vmExtra, functions));
    }

    @ParameterizedTest(name = "{0} loop in {1} mode")
    @CsvSource({
        "spin_br, compiled", "spin_br_if, compiled", "spin_br_table, compiled", "spin_store, compiled",
        "spin_br, interpreted", "spin_br_if, interpreted", "spin_br_table, interpreted", "spin_store, interpreted"
    })
    void shouldStopARunawayLoopAtItsTimeoutAndRecover(String export, String mode) {
        Plugin p = plugin(
                "loops", "\"mode\": \"" + mode + "\", \"timeout_ms\": " + TIMEOUT_MS, "[\"" + export + "\", \"add\"]");
        CountingMetrics metrics = new CountingMetrics();
        try (FunctionInvoker spin = FunctionInvoker.open(p, export, metrics, Representation.SQL_FUNCTION)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> spin.invoke(1))
                    .isInstanceOf(WasmTimeoutException.class)
                    .hasMessageContaining("plugin 'guest' function '" + export + "'")
                    .hasMessageContaining("timeout_ms = 200");
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            System.out.printf(
                    "stop latency %s %s: %d ms after a %d ms timeout%n",
                    mode, export, elapsedMs - TIMEOUT_MS, TIMEOUT_MS);
            assertThat(elapsedMs).isBetween(TIMEOUT_MS, TIMEOUT_MS + 1000);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            assertThat(metrics.timeouts).isEqualTo(1);
            assertThat(metrics.errors).isEqualTo(1);
            assertThat(metrics.restarts).isEqualTo(1);
            // the instance was recreated: the next call of the same invoker runs again (and stops again)
            assertThatThrownBy(() -> spin.invoke(2)).isInstanceOf(WasmTimeoutException.class);
        }
        try (FunctionInvoker add = FunctionInvoker.open(p, "add", new CountingMetrics(), Representation.SQL_FUNCTION)) {
            assertThat(add.invoke(1, 2)).isEqualTo(3);
        }
    }

    @Test
    void shouldRunSlowButFiniteCallsAfterATimeout() {
        Plugin p = plugin("loops", "\"timeout_ms\": " + TIMEOUT_MS, "[\"busy\"]");
        try (FunctionInvoker busy =
                FunctionInvoker.open(p, "busy", new CountingMetrics(), Representation.SQL_FUNCTION)) {
            assertThatThrownBy(() -> busy.invoke(100_000)).isInstanceOf(WasmTimeoutException.class);
            assertThat(busy.invoke(1)).isEqualTo(1);
            for (int i = 0; i < 1000; i++) {
                assertThat(busy.invoke(0)).isEqualTo(0);
            }
        }
    }

    @Test
    void shouldNeverSwallowTheCancellationOfTheTask() throws Exception {
        Plugin p = plugin("loops", "\"timeout_ms\": 0", "[\"spin_br_if\"]");
        CountingMetrics metrics = new CountingMetrics();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread task = new Thread(() -> {
            try (FunctionInvoker spin = FunctionInvoker.open(p, "spin_br_if", metrics, Representation.SQL_FUNCTION)) {
                spin.invoke(1);
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
        assertThat(thrown.get()).isInstanceOf(GuestInterruptedException.class);
        assertThat(stillInterrupted.get()).isTrue();
        assertThat(metrics.timeouts).isZero();
        assertThat(metrics.errors).isZero();
    }

    @Test
    void shouldRecreateTheInstanceAfterATrapAndNameTheRow() {
        Plugin p = plugin("traps", "", "[\"check\", \"div\", \"oob\", \"recurse\"]");
        CountingMetrics metrics = new CountingMetrics();
        try (FunctionInvoker check = FunctionInvoker.open(p, "check", metrics, Representation.SQL_FUNCTION)) {
            assertThat(check.invoke(5)).isEqualTo(5);
            assertThatThrownBy(() -> check.invoke(-7))
                    .isInstanceOf(WasmCallException.class)
                    .hasMessageContaining("plugin 'guest' function 'check' (export 'check') failed on arguments (-7)")
                    .hasMessageContaining("unreachable");
            assertThat(check.invoke(6)).isEqualTo(6);
            assertThat(metrics.restarts).isEqualTo(1);
            assertThat(metrics.errors).isEqualTo(1);
        }
        try (FunctionInvoker div = FunctionInvoker.open(p, "div", new CountingMetrics(), Representation.SQL_FUNCTION)) {
            assertThatThrownBy(() -> div.invoke(1, 0)).hasMessageContaining("divide by zero");
            assertThat(div.invoke(7, 2)).isEqualTo(3);
        }
        try (FunctionInvoker oob = FunctionInvoker.open(p, "oob", new CountingMetrics(), Representation.SQL_FUNCTION)) {
            assertThatThrownBy(() -> oob.invoke(1)).hasMessageContaining("out of bounds memory access");
        }
        try (FunctionInvoker recurse =
                FunctionInvoker.open(p, "recurse", new CountingMetrics(), Representation.SQL_FUNCTION)) {
            assertThatThrownBy(() -> recurse.invoke(1)).hasMessageContaining("call stack exhausted");
        }
    }

    @Test
    void shouldGiveNullAndCountWhenOnErrorIsNull() {
        Plugin p = plugin(
                "traps",
                "",
                "[{\"name\": \"check\", \"params\": [\"INT\"], \"returns\": \"INT\", " + "\"on_error\": \"null\"}]");
        CountingMetrics metrics = new CountingMetrics();
        try (FunctionInvoker check = FunctionInvoker.open(p, "check", metrics, Representation.SQL_FUNCTION)) {
            for (int i = -50; i < 50; i++) {
                assertThat(check.invoke(i)).isEqualTo(i < 0 ? null : i);
            }
        }
        assertThat(metrics.calls).isEqualTo(100);
        assertThat(metrics.errors).isEqualTo(50);
        assertThat(metrics.nullResults).isEqualTo(50);
        assertThat(metrics.restarts).isEqualTo(50);
    }

    @Test
    void shouldCapLinearMemory() {
        Plugin p = plugin("traps", "\"max_memory_pages\": 8", "[\"hog\", \"pages\"]");
        try (FunctionInvoker hog = FunctionInvoker.open(p, "hog", new CountingMetrics(), Representation.SQL_FUNCTION)) {
            assertThatThrownBy(() -> hog.invoke(1)).hasMessageContaining("unreachable");
        }
        // the cap held: the module grew to 8 pages, no further
        Plugin q = plugin("traps", "\"max_memory_pages\": 8", "[\"pages\"]");
        try (FunctionInvoker pages =
                FunctionInvoker.open(q, "pages", new CountingMetrics(), Representation.SQL_FUNCTION)) {
            assertThat(pages.invoke(0)).isEqualTo(1);
        }
    }

    @Test
    void shouldRejectAModuleWhoseInitialMemoryExceedsTheCap() {
        assertThatThrownBy(() -> plugin("big_memory", "", "[\"one\"]"))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("vm_config.max_memory_pages")
                .hasMessageContaining("initial memory is 300 pages")
                .hasMessageContaining("cap of 256 pages");
        assertThat(plugin("big_memory", "\"max_memory_pages\": 300", "[\"one\"]")
                        .functionNames())
                .containsExactly("one");
    }

    @Test
    void shouldGiveNullOnlyForTheRowsWhereTheGuardSampleMisbehaves() {
        Plugin guards = TestPlugins.loadSample("guards");
        for (String function : new String[] {"spin", "hog", "boom"}) {
            CountingMetrics metrics = new CountingMetrics();
            try (FunctionInvoker f = FunctionInvoker.open(guards, function, metrics, Representation.SQL_FUNCTION)) {
                for (int n = 1; n <= 20; n++) {
                    Object r = f.invoke(n);
                    assertThat(r == null).as("%s(%d) is null", function, n).isEqualTo(n % 10 == 0);
                }
            }
            assertThat(metrics.errors).as(function).isEqualTo(2);
            assertThat(metrics.timeouts).as(function).isEqualTo(function.equals("spin") ? 2 : 0);
        }
    }
}
