package io.github.flinkwasm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkwasm.manifest.ManifestReader;
import io.github.flinkwasm.manifest.PluginManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** init writes a guest project per language; the C one is built with clang and called. */
class InitCommandTest {
    private static final Path CARGO_CACHE = Path.of("target", "init-cargo").toAbsolutePath();

    @ParameterizedTest
    @CsvSource({
        "c, hello.c, flink_wasm.h",
        "rust, src/lib.rs, flink-wasm-guest/src/lib.rs",
        "assemblyscript, assembly/index.ts, flink-wasm-guest/assembly/index.ts"
    })
    void shouldWriteAProjectWithTheSdkAndAManifest(String lang, String source, String sdk, @TempDir Path tmp)
            throws IOException {
        Path dir = tmp.resolve("hello");
        CliRun run = CliRun.of("init", "--lang", lang, "hello", dir.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(dir.resolve(source)).isRegularFile();
        assertThat(dir.resolve(sdk)).isRegularFile();
        assertThat(dir.resolve("build.sh")).isRegularFile().isExecutable();
        assertThat(dir.resolve("greet.rows")).isRegularFile();
        String json = Files.readString(dir.resolve("hello.json"), StandardCharsets.UTF_8);
        PluginManifest manifest = ManifestReader.read(json, "hello.json", dir.toString());
        assertThat(manifest.name()).isEqualTo("hello");
        assertThat(manifest.function("greet")).isNotNull();
        assertThat(manifest.function("add")).isNotNull();
        if (lang.equals("rust")) {
            assertThat(Files.readString(dir.resolve("Cargo.toml"))).contains("crate-type = [\"cdylib\"]");
        }
    }

    @Test
    void shouldRefuseANonEmptyDirectoryAndABadName(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("keep.txt"), "mine");
        CliRun full = CliRun.of("init", "--lang", "c", "hello", tmp.toString());
        assertThat(full.status()).isEqualTo(1);
        assertThat(full.err()).contains("is not empty");
        assertThat(Files.readString(tmp.resolve("keep.txt"))).isEqualTo("mine");
        CliRun bad =
                CliRun.of("init", "--lang", "c", "Hello-World", tmp.resolve("x").toString());
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("[a-z][a-z0-9_]*");
        CliRun lang =
                CliRun.of("init", "--lang", "cobol", "hello", tmp.resolve("y").toString());
        assertThat(lang.status()).isEqualTo(2);
        assertThat(lang.err()).contains("unknown language 'cobol'");
    }

    /**
     * The generated project built by its own build.sh with the language's toolchain (skipped when
     * it is not installed), then validated and called: C with clang; Rust with rustup's wasm32
     * target or Debian's offline rustc-web; AssemblyScript with npm (which downloads asc). Rust
     * (a cold build compiles std for minutes) and AssemblyScript (npm) run under {@code -Pguests},
     * which builds every guest from source anyway; C runs in every build.
     */
    @ParameterizedTest
    @ValueSource(strings = {"c", "rust", "assemblyscript"})
    void shouldBuildTheProjectThatValidatesAndCalls(String lang, @TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(toolchain(lang), "no " + lang + " toolchain installed");
        Assumptions.assumeTrue(
                lang.equals("c") || Boolean.getBoolean("flink.wasm.toolchain-tests"),
                lang + " projects are built under -Pguests");
        Path dir = tmp.resolve("hello");
        assertThat(CliRun.of("init", "--lang", lang, "hello", dir.toString()).status())
                .isZero();
        ProcessBuilder builder =
                new ProcessBuilder("sh", dir.resolve("build.sh").toString()).redirectErrorStream(true);
        // Rust's std for wasm32, rebuilt by Debian's rustc-web, is kept for the next run
        builder.environment().put("CARGO_TARGET_DIR", CARGO_CACHE.toString());
        Process build = builder.start();
        String log = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(build.waitFor(15, TimeUnit.MINUTES)).isTrue();
        assertThat(build.exitValue()).as(log).isZero();
        String manifest = dir.resolve("hello.json").toString();
        CliRun validate = CliRun.of("validate", manifest);
        assertThat(validate.status()).as(validate.err()).isZero();
        assertThat(validate.out()).contains("OK", "plugin 'hello', 2 functions");
        CliRun greet = CliRun.of("call", manifest, "greet", "Ada");
        assertThat(greet.status()).as(greet.err()).isZero();
        assertThat(greet.out().strip()).isEqualTo("'Hello, Ada'");
        CliRun add = CliRun.of("call", manifest, "add", "2", "3");
        assertThat(add.out().strip()).isEqualTo("5");
        CliRun rows = CliRun.of(
                "call", manifest, "greet", "--rows", dir.resolve("greet.rows").toString());
        assertThat(rows.status()).as(rows.err()).isZero();
        assertThat(rows.out()).contains("Hello, Ada", "Hello, Grace", "Hello, Lovelace, Ada");
    }

    @Test
    void shouldDocumentBothWaysOfBuildingRust(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("hello");
        assertThat(CliRun.of("init", "--lang", "rust", "hello", dir.toString()).status())
                .isZero();
        assertThat(Files.readString(dir.resolve("build.sh")))
                .contains(
                        "crate-type = [\"cdylib\"]",
                        "rustup target add wasm32-unknown-unknown",
                        "cargo build --release --target wasm32-unknown-unknown",
                        "rustc-web",
                        "RUSTC_BOOTSTRAP=1 cargo --config cargo-rustc-web.toml build",
                        "--offline");
        assertThat(Files.readString(dir.resolve("cargo-rustc-web.toml")))
                .contains("build-std", "/usr/lib/rustlib/src/rust/library/vendor", "wasm-ld-22");
    }

    /** Whether the toolchain that the generated build.sh uses is installed. */
    private static boolean toolchain(String lang) {
        switch (lang) {
            case "c":
                return onPath("clang");
            case "rust":
                return onPath("sh", "-c", "[ -d \"$(rustc --print sysroot)/lib/rustlib/wasm32-unknown-unknown\" ]")
                        || (Files.isExecutable(Path.of("/usr/bin/cargo"))
                                && Files.isDirectory(Path.of("/usr/lib/rustlib/src/rust/library/vendor"))
                                && onPath("wasm-ld-22", "--version"));
            default:
                return onPath("npm");
        }
    }

    private static boolean onPath(String tool) {
        return onPath(tool, "--version");
    }

    private static boolean onPath(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
