package io.github.flinkwasm.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkwasm.PluginException;
import io.github.flinkwasm.WasmLoadException;
import io.github.flinkwasm.engine.CompileLimits;
import io.github.flinkwasm.engine.WasmEngines;
import io.github.flinkwasm.engine.chicory.ChicoryEngine;
import io.github.flinkwasm.manifest.ExecutionMode;
import io.github.flinkwasm.manifest.ManifestReader;
import io.github.flinkwasm.manifest.PluginManifest;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.testing.CountingMetrics;
import io.github.flinkwasm.testing.GeneratedModules;
import io.github.flinkwasm.types.Representation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Compiling a module happens under a size limit and a time limit that the plugin cannot change. */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CompileLimitsTest {
    @TempDir
    Path dir;

    @AfterEach
    void defaults() {
        System.clearProperty(CompileLimits.MAX_MODULE_BYTES);
        System.clearProperty(CompileLimits.COMPILE_TIMEOUT_MS);
        System.clearProperty(CompileLimits.MAX_CACHED_MODULES);
    }

    private String manifest(String name, byte[] wasm) throws IOException {
        Files.write(dir.resolve(name + ".wasm"), wasm);
        Path m = dir.resolve(name + ".json");
        Files.writeString(
                m,
                "{\"name\": \"" + name + "\", \"vm_config\": {\"path\": \"" + name
                        + ".wasm\"}, \"functions\": [\"f\"]}");
        return m.toString();
    }

    @Test
    void shouldRefuseAModuleAboveTheDefaultSizeLimitBeforeReadingIt() throws IOException {
        String manifest = manifest("huge", new byte[0]);
        Path wasm = dir.resolve("huge.wasm");
        GeneratedModules.writePadded(wasm, GeneratedModules.manyFunctions(1, 1, 1), 65 << 20);
        assertThatThrownBy(() -> PluginLoader.load(manifest))
                .isInstanceOf(PluginException.class)
                .hasMessageStartingWith(manifest + ": vm_config.path: ")
                .hasMessageContaining("the module is " + Files.size(wasm) + " bytes, above the limit of 67108864 "
                        + "bytes (system property flink.wasm.max-module-bytes)");
    }

    @Test
    void shouldRefuseAModuleAboveAConfiguredSizeLimitEverywhere() throws IOException {
        byte[] wasm = GeneratedModules.padded(GeneratedModules.manyFunctions(1, 1, 2), 5000);
        String manifest = manifest("padded", wasm);
        assertThat(PluginLoader.load(manifest).functionNames()).containsExactly("f");
        System.setProperty(CompileLimits.MAX_MODULE_BYTES, "4096");
        assertThatThrownBy(() -> PluginLoader.load(manifest))
                .hasMessageContaining("vm_config.path")
                .hasMessageContaining("above the limit of 4096 bytes");
        // a packaged plugin brings its bytes along: the same check
        PluginManifest parsed = ManifestReader.read(Files.readString(Path.of(manifest)), "jar:padded.json", null);
        assertThatThrownBy(() -> PluginLoader.load(parsed, wasm))
                .isInstanceOf(PluginException.class)
                .hasMessageStartingWith("jar:padded.json: vm_config.path: padded.wasm: the module is ");
        assertThatThrownBy(() -> ChicoryEngine.INSTANCE.compile(wasm, WasmEngines.digest(wasm), ExecutionMode.COMPILED))
                .isInstanceOf(WasmLoadException.class)
                .hasMessageContaining("above the limit of 4096 bytes");
    }

    @Test
    void shouldStopWaitingForASlowCompileAndNameThePlugin() throws IOException {
        // thousands of functions take far more than a millisecond to translate and load
        int salt = (int) System.nanoTime() | 1;
        byte[] wasm = GeneratedModules.manyFunctions(1000, 20, salt);
        String manifest = manifest("slow", wasm);
        Plugin plugin = PluginLoader.load(manifest);
        System.setProperty(CompileLimits.COMPILE_TIMEOUT_MS, "1");
        assertThatThrownBy(() -> FunctionInvoker.open(plugin, "f", new CountingMetrics(), Representation.SQL_FUNCTION))
                .isInstanceOf(WasmLoadException.class)
                .hasMessage("plugin 'slow' (" + manifest + "): compiling the module took longer than 1 ms, the limit "
                        + "set by the system property flink.wasm.compile-timeout-ms; raise it for a module this large");
        // the compilation went on: a later caller with time to wait gets it, compiled once
        System.clearProperty(CompileLimits.COMPILE_TIMEOUT_MS);
        try (FunctionInvoker f =
                FunctionInvoker.open(plugin, "f", new CountingMetrics(), Representation.SQL_FUNCTION)) {
            assertThat(f.invoke(1)).isEqualTo(1 + 20 * salt);
        }
        assertThat(ChicoryEngine.INSTANCE.compilations(plugin.digest(), ExecutionMode.COMPILED))
                .isEqualTo(1);
    }

    @Test
    void shouldRefuseABadLimit() {
        System.setProperty(CompileLimits.COMPILE_TIMEOUT_MS, "soon");
        assertThatThrownBy(CompileLimits::compileTimeoutMs)
                .hasMessage("system property flink.wasm.compile-timeout-ms must be a whole number of at least 0, "
                        + "found 'soon'");
    }

    @Test
    void shouldKeepAtMostTheConfiguredNumberOfCompiledModules() {
        System.setProperty(CompileLimits.MAX_CACHED_MODULES, "2");
        int salt = (int) System.nanoTime();
        byte[][] modules = new byte[3][];
        for (int i = 0; i < 3; i++) {
            modules[i] = GeneratedModules.manyFunctions(2, 2, salt + i);
            ChicoryEngine.INSTANCE.compile(modules[i], WasmEngines.digest(modules[i]), ExecutionMode.INTERPRETED);
        }
        assertThat(ChicoryEngine.INSTANCE.cachedModules()).isEqualTo(2);
        String first = WasmEngines.digest(modules[0]);
        assertThat(ChicoryEngine.INSTANCE.compilations(first, ExecutionMode.INTERPRETED))
                .isEqualTo(1);
        ChicoryEngine.INSTANCE.compile(modules[0], first, ExecutionMode.INTERPRETED); // dropped as the least recent
        assertThat(ChicoryEngine.INSTANCE.compilations(first, ExecutionMode.INTERPRETED))
                .isEqualTo(2);
        String last = WasmEngines.digest(modules[2]);
        ChicoryEngine.INSTANCE.compile(modules[2], last, ExecutionMode.INTERPRETED); // still there
        assertThat(ChicoryEngine.INSTANCE.compilations(last, ExecutionMode.INTERPRETED))
                .isEqualTo(1);
    }
}
