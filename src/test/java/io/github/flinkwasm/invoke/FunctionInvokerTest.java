package io.github.flinkwasm.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkwasm.engine.chicory.ChicoryEngine;
import io.github.flinkwasm.manifest.ExecutionMode;
import io.github.flinkwasm.metrics.MetricsRecorder;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.testing.TestPlugins;
import io.github.flinkwasm.types.Representation;
import org.junit.jupiter.api.Test;

class FunctionInvokerTest {

    @Test
    void shouldCallTheSeedFunctionsInC() {
        Plugin seed = TestPlugins.loadSample("seed");
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
        assertThat(ChicoryEngine.INSTANCE.compilations(seed.digest(), ExecutionMode.COMPILED))
                .isEqualTo(1);
    }

    @Test
    void shouldGiveTheSameResultsInWatAndInInterpretedMode() {
        Plugin wat = TestPlugins.loadSample("seed_wat");
        try (FunctionInvoker fib =
                        FunctionInvoker.open(wat, "wat_fib", MetricsRecorder.NONE, Representation.SQL_FUNCTION);
                FunctionInvoker fibArray =
                        FunctionInvoker.open(wat, "wat_fib_array", MetricsRecorder.NONE, Representation.SQL_FUNCTION)) {
            assertThat(fib.invoke(20)).isEqualTo(6765);
            assertThat(fibArray.invoke(90)).isEqualTo(2880067194370816120L);
        }
    }
}
