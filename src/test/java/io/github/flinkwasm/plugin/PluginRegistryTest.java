package io.github.flinkwasm.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkwasm.PluginException;
import io.github.flinkwasm.testing.TestPlugins;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginRegistryTest {
    @TempDir
    Path dir;

    @Test
    void shouldLoadAManifestAFolderOrAList() {
        assertThat(PluginRegistry.load(TestPlugins.sample("seed")).functionNames())
                .containsExactly("add_ints", "fib", "fib_array");
        assertThat(PluginRegistry.load(TestPlugins.sample("seed") + " , " + TestPlugins.sample("seed_wat"))
                        .functionNames())
                .containsExactly("add_ints", "fib", "fib_array", "wat_sum", "wat_fib", "wat_fib_array");
        PluginRegistry folder = PluginRegistry.load(TestPlugins.SAMPLES.toString());
        assertThat(folder.plugin("seed")).isNotNull();
        assertThat(folder.plugin("seed_wat")).isNotNull();
        assertThat(folder.pluginOf("wat_fib").name()).isEqualTo("seed_wat");
    }

    @Test
    void shouldAddReplaceAndRemove() throws Exception {
        PluginRegistry registry = new PluginRegistry().add(TestPlugins.loadSample("seed"));
        assertThatThrownBy(() -> registry.add(TestPlugins.loadSample("seed")))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("plugin name 'seed' is already taken");

        Path smaller = dir.resolve("seed.json");
        Files.writeString(
                smaller,
                "{\"name\": \"seed\", \"vm_config\": {\"path\": \"" + TestPlugins.SAMPLES.resolve("seed.wasm")
                        + "\"}, \"functions\": [\"fib\"]}");
        registry.replace(PluginLoader.load(smaller.toString()));
        assertThat(registry.functionNames()).containsExactly("fib");
        assertThat(registry.plugins()).hasSize(1);

        assertThat(registry.remove("seed")).isNotNull();
        assertThat(registry.plugins()).isEmpty();
        assertThat(registry.functionNames()).isEmpty();
        assertThat(registry.remove("seed")).isNull();
    }

    @Test
    void shouldRejectAnEmptyFolderAndAnEmptyList() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> PluginRegistry.load(empty.toString()))
                .hasMessageContaining("the folder holds no manifest");
        assertThatThrownBy(() -> PluginRegistry.load(" , ")).hasMessageContaining("no plugin location given");
        assertThatThrownBy(() -> PluginRegistry.load(dir.resolve("missing.json").toString()))
                .hasMessageContaining("missing.json: manifest file not found");
    }

    @Test
    void shouldReadManifestsThroughFlinkFileSystemUris() {
        Plugin p = PluginLoader.load(
                TestPlugins.SAMPLES.resolve("seed.json").toUri().toString());
        assertThat(p.functionNames()).containsExactly("add_ints", "fib", "fib_array");
        assertThat(p.wasm()).isNotEmpty();
    }
}
