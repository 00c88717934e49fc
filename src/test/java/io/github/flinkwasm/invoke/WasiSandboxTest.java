package io.github.flinkwasm.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkwasm.PluginException;
import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.testing.CountingMetrics;
import io.github.flinkwasm.testing.TestPlugins;
import io.github.flinkwasm.types.Representation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WasiSandboxTest {
    private static final String FUNCTIONS = "[\"open_file\", \"env_count\", \"accept\", \"hello\", \"now_seconds\", "
            + "\"read_granted\", \"create_file\"]";

    @TempDir
    Path dir;

    private Object call(Plugin p, String function) {
        try (FunctionInvoker f = FunctionInvoker.open(p, function, new CountingMetrics(), Representation.JAVA)) {
            return f.invoke(0);
        }
    }

    @Test
    void shouldRefuseToLinkWasiUnlessTheManifestTurnsItOn() {
        assertThatThrownBy(() -> PluginLoader.load(TestPlugins.manifest(dir, "probe", "wasi_probe", "", FUNCTIONS)))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("vm_config.wasi")
                .hasMessageContaining("imports wasi_snapshot_preview1.path_open but WASI is off");
    }

    @Test
    void shouldDenyFilesEnvironmentAndSocketsWhenWasiIsOn() {
        Plugin p = PluginLoader.load(TestPlugins.manifest(dir, "probe", "wasi_probe", "\"wasi\": true", FUNCTIONS));
        assertThat(System.getenv()).isNotEmpty();
        assertThat((Integer) call(p, "open_file")).isNotZero(); // EBADF: no folder was granted
        assertThat(call(p, "env_count")).isEqualTo(0); // the host's environment stays hidden
        Object accept;
        try {
            accept = call(p, "accept");
        } catch (WasmCallException e) {
            accept = e.getMessage();
        }
        assertThat(accept).isNotEqualTo(0); // no socket is ever granted
        assertThat(call(p, "hello")).isEqualTo(0); // stdout goes to the job's log
    }

    @Test
    void shouldGrantOnlyWhatTheManifestSays() {
        Plugin p = PluginLoader.load(TestPlugins.manifest(
                dir,
                "probe",
                "wasi_probe",
                "\"wasi\": {\"env\": {\"A\": \"1\", \"B\": \"2\"}, \"deterministic\": true}",
                FUNCTIONS));
        assertThat(call(p, "env_count")).isEqualTo(2);
        assertThat(call(p, "now_seconds")).isEqualTo(0L); // the fixed clock reads the epoch
        assertThat((Integer) call(p, "open_file")).isNotZero();
    }

    @Test
    void shouldGrantAFolderReadOnly() throws Exception {
        Path granted = java.nio.file.Files.createDirectory(dir.resolve("granted"));
        java.nio.file.Files.writeString(granted.resolve("hello.txt"), "hello wasi");
        Plugin none = PluginLoader.load(TestPlugins.manifest(dir, "probe", "wasi_probe", "\"wasi\": true", FUNCTIONS));
        assertThat((Integer) call(none, "read_granted")).isNegative();
        Plugin p = PluginLoader.load(TestPlugins.manifest(
                dir, "probe", "wasi_probe", "\"wasi\": {\"preopens\": {\"/data\": \"" + granted + "\"}}", FUNCTIONS));
        assertThat(call(p, "read_granted")).isEqualTo(10);
        call(p, "create_file");
        assertThat(granted.resolve("new.txt")).doesNotExist(); // writes never reach the host folder
    }
}
