package io.github.flinkwasm.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.flinkwasm.engine.chicory.ChicoryEngine;
import io.github.flinkwasm.manifest.ExecutionMode;
import io.github.flinkwasm.metrics.MetricsRecorder;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.testing.Fibonacci;
import io.github.flinkwasm.testing.TestPlugins;
import io.github.flinkwasm.types.Representation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FunctionInvokerTest {

    @Test
    void shouldCallTheSeedFunctionsInC() {
        Plugin seed = TestPlugins.loadSample("seed");
        int compiled = ChicoryEngine.INSTANCE.compilations(seed.digest(), ExecutionMode.COMPILED);
        try (FunctionInvoker sum =
                        FunctionInvoker.open(seed, "add_ints", MetricsRecorder.NONE, Representation.SQL_FUNCTION);
                FunctionInvoker fib =
                        FunctionInvoker.open(seed, "fib", MetricsRecorder.NONE, Representation.SQL_FUNCTION);
                FunctionInvoker fibArray =
                        FunctionInvoker.open(seed, "fib_array", MetricsRecorder.NONE, Representation.SQL_FUNCTION)) {
            assertThat(sum.invoke(40, 2)).isEqualTo(42);
            assertThat(sum.invoke(Integer.MAX_VALUE, 1)).isEqualTo(Integer.MIN_VALUE);
            assertThat(fib.invoke(20)).isEqualTo(6765);
            assertThat(fibArray.invoke(90)).isEqualTo(2880067194370816120L);
            assertThat(fibArray.invoke(0)).isEqualTo(0L);
            assertThat(sum.invoke(null, 1)).isNull();
        }
        // three invokers, at most one compile (none if an earlier test left it in the cache)
        assertThat(ChicoryEngine.INSTANCE.compilations(seed.digest(), ExecutionMode.COMPILED))
                .isBetween(Math.max(1, compiled), compiled + 1);
    }

    /**
     * The WAT sample, loaded in each mode: the invokers must use an instance of that mode (counted
     * by the module of that mode), and give what the Java reference gives.
     */
    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void shouldGiveTheSameResultsInEachMode(ExecutionMode mode, @TempDir Path dir) throws Exception {
        ObjectNode json = (ObjectNode) new ObjectMapper()
                .readTree(Path.of(TestPlugins.sample("seed_wat")).toFile());
        ObjectNode vm = (ObjectNode) json.get("vm_config");
        vm.put("mode", mode.name().toLowerCase(Locale.ROOT));
        vm.put("path", TestPlugins.SAMPLES.resolve("seed_wat.wasm").toString());
        vm.put("timeout_ms", 0); // the interpreter takes seconds for fib(25) on a busy machine
        Path manifest = dir.resolve("seed_wat.json");
        Files.writeString(manifest, json.toString());
        Plugin wat = PluginLoader.load(manifest.toString());
        assertThat(wat.manifest().vmConfig().mode()).isEqualTo(mode);

        long before =
                ChicoryEngine.INSTANCE.compile(wat.wasm(), wat.digest(), mode).instancesCreated();
        int compiled = ChicoryEngine.INSTANCE.compilations(wat.digest(), mode);
        try (FunctionInvoker fib =
                        FunctionInvoker.open(wat, "wat_fib", MetricsRecorder.NONE, Representation.SQL_FUNCTION);
                FunctionInvoker fibArray =
                        FunctionInvoker.open(wat, "wat_fib_array", MetricsRecorder.NONE, Representation.SQL_FUNCTION)) {
            for (int n = 0; n <= 20; n++) {
                assertThat(fib.invoke(n)).isEqualTo(Fibonacci.fib(n));
            }
            for (int n = 0; n <= 100; n += 10) {
                assertThat(fibArray.invoke(n)).isEqualTo(Fibonacci.fibLong(n));
            }
        }
        assertThat(ChicoryEngine.INSTANCE
                                .compile(wat.wasm(), wat.digest(), mode)
                                .instancesCreated()
                        - before)
                .isEqualTo(2);
        assertThat(ChicoryEngine.INSTANCE.compilations(wat.digest(), mode)).isEqualTo(compiled);
    }
}
