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

/** init writes a guest project per language; the C one is built with clang and called. */
class InitCommandTest {

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

    @Test
    void shouldBuildTheCProjectThatValidatesAndCalls(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(onPath("clang"), "clang is not installed");
        Path dir = tmp.resolve("hello");
        assertThat(CliRun.of("init", "--lang", "c", "hello", dir.toString()).status())
                .isZero();
        Process build = new ProcessBuilder("sh", dir.resolve("build.sh").toString())
                .redirectErrorStream(true)
                .start();
        String log = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(build.waitFor(5, TimeUnit.MINUTES)).isTrue();
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

    private static boolean onPath(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
