package io.github.flinkwasm.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.metrics.MetricsRecorder;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.testing.TestPlugins;
import io.github.flinkwasm.types.Representation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A guest that fails after memory.grow was refused is told which cap it hit. */
@Timeout(120)
class MemoryCapMessageTest {

    @ParameterizedTest(name = "{1}")
    @CsvSource({"text_c, c_str_reverse", "text_rust, rs_str_reverse", "text_as, as_str_reverse"})
    void shouldNameTheMemoryCapWhenATenMegabyteStringDoesNotFit(String sample, String function) {
        Plugin plugin = TestPlugins.loadSample(sample);
        String big = "x".repeat(10 * 1024 * 1024);
        try (FunctionInvoker invoker =
                FunctionInvoker.open(plugin, function, MetricsRecorder.NONE, Representation.JAVA)) {
            assertThatThrownBy(() -> invoker.invoke(big))
                    .isInstanceOf(WasmCallException.class)
                    .hasMessageContaining("plugin '" + sample + "' function '" + function + "'")
                    .hasMessageContaining(
                            "the guest hit vm_config.max_memory_pages = 256 (16 MiB): memory.grow " + "asked for ")
                    .hasMessageContaining("raise max_memory_pages (up to 32767) or pass smaller values");
            // the instance was replaced: a small string works again
            assertThat(invoker.invoke("abc")).isEqualTo("cba");
        }
    }

    @Test
    void shouldNameTheCapForANumericGuestToo() {
        Plugin seed = TestPlugins.loadSample("seed");
        try (FunctionInvoker invoker =
                FunctionInvoker.open(seed, "fib_array", MetricsRecorder.NONE, Representation.JAVA)) {
            assertThatThrownBy(() -> invoker.invoke(10_000_000))
                    .hasMessageContaining("the guest hit vm_config.max_memory_pages = 256 (16 MiB)");
        }
    }

    @Test
    void shouldNotBlameMemoryForOtherTraps() {
        Plugin guards = TestPlugins.loadSample("guards");
        try (FunctionInvoker invoker =
                FunctionInvoker.open(guards, "boom", MetricsRecorder.NONE, Representation.JAVA)) {
            assertThatThrownBy(() -> invoker.invokeOrThrow(10))
                    .isInstanceOf(WasmCallException.class)
                    .hasMessageContaining("divide by zero")
                    .message()
                    .doesNotContain("max_memory_pages");
        }
    }

    @Test
    void shouldNameASmallerCapAndTheModulesOwnMaximum(@TempDir Path dir) {
        // guards.wat's hog grows memory a page at a time until refused, then traps; guards.json caps it at 32
        Plugin guards = TestPlugins.loadSample("guards");
        try (FunctionInvoker invoker = FunctionInvoker.open(guards, "hog", MetricsRecorder.NONE, Representation.JAVA)) {
            assertThatThrownBy(() -> invoker.invokeOrThrow(10))
                    .hasMessageContaining("the guest hit vm_config.max_memory_pages = 32 (2 MiB): memory.grow asked "
                            + "for 1 more page at 32 (2 MiB) and was refused");
        }
        Plugin capped = PluginLoader.load(TestPlugins.manifest(dir, "capped", "grow_capped", "", "[\"grow\"]"));
        try (FunctionInvoker invoker =
                FunctionInvoker.open(capped, "grow", MetricsRecorder.NONE, Representation.JAVA)) {
            assertThat(invoker.invoke(1)).isEqualTo(2);
            assertThatThrownBy(() -> invoker.invoke(5))
                    .hasMessageContaining(
                            "the guest hit its module's own memory maximum of 2 pages (0.13 MiB), "
                                    + "below vm_config.max_memory_pages = 256: memory.grow asked for 5 more pages at 2 (0.13 MiB) and was refused");
        }
    }
}
