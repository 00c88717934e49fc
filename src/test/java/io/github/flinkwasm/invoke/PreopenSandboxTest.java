package io.github.flinkwasm.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkwasm.PluginException;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.testing.CountingMetrics;
import io.github.flinkwasm.testing.TestPlugins;
import io.github.flinkwasm.types.Representation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A preopened folder cannot be left: not through links made on the host, not through {@code ..},
 * not through links the guest makes. A real WASI guest opens the paths; the links are real.
 */
class PreopenSandboxTest {
    private static final String SECRET = "secret outside the grant";
    private static final String FUNCTIONS = "[{\"name\": \"read\", \"params\": [\"STRING\"], \"returns\": \"STRING\"},"
            + " {\"name\": \"symlink\", \"params\": [\"STRING\", \"STRING\"], \"returns\": \"INT\"}]";

    @TempDir
    Path dir;

    private Path granted;
    private Path outside;

    @BeforeEach
    void folders() throws IOException {
        outside = Files.createDirectories(dir.resolve("outside/dir"));
        Files.writeString(dir.resolve("outside/secret.txt"), SECRET);
        Files.writeString(outside.resolve("inner.txt"), SECRET);
        Files.createDirectories(dir.resolve("granted/sub"));
        granted = dir.resolve("granted");
        Files.writeString(granted.resolve("hello.txt"), "hello wasi");
        Files.writeString(granted.resolve("sub/deep.txt"), "deep");
        // links that lead out of the grant, relative and absolute, to a file and to a folder
        Files.createSymbolicLink(granted.resolve("passwd"), Path.of("../outside/secret.txt"));
        Files.createSymbolicLink(granted.resolve("absolute"), dir.resolve("outside/secret.txt"));
        Files.createSymbolicLink(granted.resolve("outdir"), Path.of("../outside/dir"));
        Files.createSymbolicLink(granted.resolve("sub/up"), Path.of("../../outside/secret.txt"));
        // links that stay inside, and ones that lead nowhere
        Files.createSymbolicLink(granted.resolve("alias"), Path.of("hello.txt"));
        Files.createSymbolicLink(granted.resolve("subalias"), Path.of("sub"));
        Files.createSymbolicLink(granted.resolve("dangling"), Path.of("missing.txt"));
        Files.createSymbolicLink(granted.resolve("loop"), Path.of("loop"));
    }

    private Plugin plugin(String preopen) {
        return PluginLoader.load(TestPlugins.manifest(
                dir, "files", "wasi_files", "\"wasi\": {\"preopens\": {\"/data\": \"" + preopen + "\"}}", FUNCTIONS));
    }

    private static Object read(FunctionInvoker f, String path) {
        return f.invoke(path);
    }

    @Test
    void shouldReadInsideTheGrantAndFollowLinksThatStayInside() {
        try (FunctionInvoker read =
                FunctionInvoker.open(plugin(granted.toString()), "read", new CountingMetrics(), Representation.JAVA)) {
            assertThat(read(read, "hello.txt")).isEqualTo("hello wasi");
            assertThat(read(read, "sub/deep.txt")).isEqualTo("deep");
            assertThat(read(read, "alias")).isEqualTo("hello wasi");
            assertThat(read(read, "subalias/deep.txt")).isEqualTo("deep");
            assertThat(read(read, "sub/../hello.txt")).isEqualTo("hello wasi");
        }
    }

    @Test
    void shouldNeverLetTheGuestReadOutsideTheGrant() {
        try (FunctionInvoker read =
                FunctionInvoker.open(plugin(granted.toString()), "read", new CountingMetrics(), Representation.JAVA)) {
            for (String path : List.of(
                    "passwd",
                    "absolute",
                    "outdir/inner.txt",
                    "sub/up",
                    "dangling",
                    "loop",
                    "../outside/secret.txt",
                    "sub/../../outside/secret.txt",
                    "subalias/../../outside/secret.txt",
                    "./../outside/secret.txt",
                    "..",
                    dir.resolve("outside/secret.txt").toString(),
                    "/etc/passwd")) {
                Object got = read(read, path);
                assertThat((String) got).as(path).startsWith("E").hasSize(3);
            }
        }
    }

    @Test
    void shouldNeverLetTheGuestLinkOutOfTheGrant() {
        Plugin p = plugin(granted.toString());
        try (FunctionInvoker link = FunctionInvoker.open(p, "symlink", new CountingMetrics(), Representation.JAVA);
                FunctionInvoker read = FunctionInvoker.open(p, "read", new CountingMetrics(), Representation.JAVA)) {
            assertThat(link.invoke("../outside/secret.txt", "mine")).isNotEqualTo(0);
            assertThat(link.invoke(dir.resolve("outside/secret.txt").toString(), "mine2"))
                    .isNotEqualTo(0);
            assertThat((String) read(read, "mine")).startsWith("E");
            assertThat((String) read(read, "mine2")).startsWith("E");
        }
    }

    @Test
    void shouldKeepLinksOutOfTheGuestsCopyAndWriteNothingToTheGrant() throws IOException {
        String name = "copy_" + Long.toString(System.nanoTime(), 36).replaceAll("[^a-z0-9]", "");
        Plugin p = PluginLoader.load(TestPlugins.manifest(
                dir, name, "wasi_files", "\"wasi\": {\"preopens\": {\"/data\": \"" + granted + "\"}}", FUNCTIONS));
        try (FunctionInvoker read = FunctionInvoker.open(p, "read", new CountingMetrics(), Representation.JAVA)) {
            assertThat(read(read, "hello.txt")).isEqualTo("hello wasi");
            List<Path> copies = new ArrayList<>();
            try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
                tmp.filter(f -> f.getFileName().toString().contains(name)).forEach(copies::add);
            }
            assertThat(copies).hasSize(1);
            Path copy = copies.get(0).toRealPath();
            try (Stream<Path> files = Files.walk(copy)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (Files.isSymbolicLink(f)) {
                        // a link kept in the copy leads into the copy
                        assertThat(f.toRealPath()).as(f.toString()).startsWith(copy);
                    } else if (Files.isRegularFile(f)) {
                        assertThat(Files.readString(f)).as(f.toString()).doesNotContain(SECRET);
                    }
                }
            }
        }
        try (Stream<Path> files = Files.list(granted)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "hello.txt",
                            "sub",
                            "passwd",
                            "absolute",
                            "outdir",
                            "alias",
                            "subalias",
                            "dangling",
                            "loop");
        }
    }

    @Test
    void shouldResolveARelativePreopenAgainstTheManifestsFolder() {
        // the tests run in the project's folder, where there is no folder "granted"
        assertThat(Path.of("granted")).doesNotExist();
        try (FunctionInvoker read =
                FunctionInvoker.open(plugin("granted"), "read", new CountingMetrics(), Representation.JAVA)) {
            assertThat(read(read, "hello.txt")).isEqualTo("hello wasi");
        }
    }

    @Test
    void shouldRejectAMissingPreopenFolderAtLoad() throws IOException {
        assertThatThrownBy(() -> plugin("linkdir"))
                .isInstanceOf(PluginException.class)
                .hasMessageStartingWith(dir.resolve("files.json") + ": vm_config.wasi.preopens./data: ")
                .hasMessageContaining("folder not found: " + dir.resolve("linkdir"))
                .hasMessageContaining("relative paths are resolved against the manifest's folder");
        assertThatThrownBy(() -> plugin("granted/hello.txt"))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("vm_config.wasi.preopens./data")
                .hasMessageContaining("is not a folder");
    }
}
