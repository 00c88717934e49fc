package io.github.flinkwasm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.manifest.ExecutionMode;
import io.github.flinkwasm.manifest.WasiConfig;
import io.github.flinkwasm.testing.TestPlugins;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The engine interface on its own: host functions defined outside the engine, memory, calls. */
class EngineTest {

    @Test
    void shouldNameTheEnginesItKnows() {
        assertThat(WasmEngines.get("chicory").name()).isEqualTo("chicory");
        assertThat(WasmEngines.names()).containsExactly("chicory");
        assertThatThrownBy(() -> WasmEngines.get("wasmtime"))
                .hasMessage("unknown engine 'wasmtime'; the only engine is 'chicory'");
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void shouldCallHostFunctionsDefinedOutsideTheEngine(ExecutionMode mode) throws IOException {
        byte[] wasm = Files.readAllBytes(TestPlugins.testModule("host_seam"));
        WasmEngine engine = WasmEngines.get(WasmEngines.DEFAULT);
        ModuleInfo info = engine.inspect(wasm);
        assertThat(info.imports())
                .extracting(ModuleInfo.Import::toString)
                .containsExactly("test.twice (function (i32) -> i32)", "test.emit (function (i32, i32) -> ())");

        List<String> emitted = new ArrayList<>();
        List<HostFunction> host = List.of(
                new HostFunction("test", "twice", List.of(WasmType.I32), List.of(WasmType.I32), (memory, args) ->
                        new long[] {2 * args[0]}),
                new HostFunction("test", "emit", List.of(WasmType.I32, WasmType.I32), List.of(), (memory, args) -> {
                    emitted.add(memory.readString((int) args[0], (int) args[1]));
                    return null;
                }));
        assertThat(host.get(1).signature()).isEqualTo(info.imports().get(1).signature());

        CompiledModule module = engine.compile(wasm, WasmEngines.digest(wasm), mode);
        try (WasmInstance instance =
                module.instantiate(new InstanceOptions("seam", 16, WasiConfig.DISABLED, host, new StopSignal()))) {
            assertThat(instance.function("run").call(new long[] {21})[0]).isEqualTo(42);
            assertThat(emitted).containsExactly("hi");
            instance.writeInt(100, 7);
            assertThat(instance.readInt(100)).isEqualTo(7);
            byte[] text = "héllo".getBytes(StandardCharsets.UTF_8);
            instance.write(200, text, 0, text.length);
            assertThat(instance.readString(200, text.length)).isEqualTo("héllo");
            assertThat(instance.memoryPages()).isEqualTo(1);
            assertThatThrownBy(() -> instance.function("nope"))
                    .isInstanceOf(WasmCallException.class)
                    .hasMessageContaining("no exported function 'nope'");
            assertThatThrownBy(() -> instance.alloc(4)) // this module has no allocator
                    .isInstanceOf(WasmCallException.class)
                    .hasMessageContaining("'alloc'");
        }
        assertThat(engine.compilations(WasmEngines.digest(wasm), mode)).isEqualTo(1);
    }
}
