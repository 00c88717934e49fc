package io.github.flinkwasm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkwasm.testing.TestPlugins;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** call, inspect and validate on Extism plugins. */
class ExtismCommandsTest {
    private static final String SAMPLE = TestPlugins.sample("extism_sample");
    private static final Path RESOURCES = TestPlugins.ROOT.resolve("src/test/resources/extism");

    @TempDir
    Path dir;

    @Test
    void shouldCallExtismFunctions() {
        CliRun count = CliRun.of("call", SAMPLE, "count_vowels", "'hello world'");
        assertThat(count.err()).isEmpty();
        assertThat(count.status()).isZero();
        assertThat(count.out().strip()).isEqualTo("ROW(3, 3, 'aeiouAEIOU')");
        assertThat(CliRun.of("call", SAMPLE, "extism_greet", "'Ada'").out().strip())
                .isEqualTo("'Hello, Ada!'");
        assertThat(CliRun.of("call", SAMPLE, "extism_add", "40", "2").out().strip())
                .isEqualTo("42");
        assertThat(CliRun.of("call", SAMPLE, "extism_greet", "NULL").out().strip())
                .isEqualTo("NULL");
    }

    @Test
    void shouldReportAPluginErrorAndATimeoutInOneLine() {
        CliRun boom = CliRun.of("call", RESOURCES.resolve("errors.json").toString(), "check", "'boom'");
        assertThat(boom.status()).isEqualTo(1);
        assertThat(boom.err().strip())
                .isEqualTo("error: plugin 'extism_errors' function 'check' (export 'check') failed on arguments "
                        + "(boom): the plugin reported an error (return code 1): refusing input 'boom'");
        CliRun spin = CliRun.of("call", RESOURCES.resolve("spin.json").toString(), "spin", "''");
        assertThat(spin.status()).isEqualTo(1);
        assertThat(spin.err()).contains("ran longer than vm_config.timeout_ms = 300 ms and was stopped");
        assertThat(spin.err().strip().lines()).hasSize(1);
    }

    @Test
    void shouldRecogniseAnExtismPluginAndListItsFunctions() {
        CliRun wasm = CliRun.of(
                "inspect", TestPlugins.SAMPLES.resolve("extism_sample.wasm").toString());
        assertThat(wasm.status()).isZero();
        assertThat(wasm.out())
                .contains("extism plugin: imports extism:host/env; run it with \"abi\": \"extism\" in vm_config")
                .contains("plugin functions: count_vowels, greet, add (each STRING -> STRING")
                .contains("imports the host lacks: none");
        CliRun wasi = CliRun.of("inspect", RESOURCES.resolve("wasi.wasm").toString());
        assertThat(wasi.out()).contains("plugin functions: hello (").contains("needs WASI: set \"wasi\": true");
        CliRun manifest = CliRun.of("inspect", SAMPLE);
        assertThat(manifest.out())
                .contains("abi               extism")
                .contains("count_vowels(STRING) -> ROW<`count` INT, total INT, vowels STRING>")
                .contains("extism_greet(STRING) -> STRING")
                .contains("export greet, on_error fail, via Extism input/output")
                .contains("extism_add(BIGINT, BIGINT) -> BIGINT");
    }

    @Test
    void shouldNameEveryImportTheHostLacks() {
        CliRun inspect =
                CliRun.of("inspect", TestPlugins.testModule("extism_lacking").toString());
        assertThat(inspect.out())
                .contains("plugin functions: run")
                .contains("imports the host lacks: extism:host/user.lookup, extism:host/env.future_feature, "
                        + "extism:host/env.alloc (i32) -> i32 (the host's is (i64) -> i64)");
        String manifest = TestPlugins.manifest(dir, "lacking", "extism_lacking", "\"abi\": \"extism\"", "[\"run\"]");
        CliRun validate = CliRun.of("validate", manifest);
        assertThat(validate.status()).isEqualTo(1);
        assertThat(validate.err().strip())
                .startsWith(manifest + ": vm_config.path: the Extism plugin needs 2 imports the host does not "
                        + "provide: extism:host/user.lookup (i64) -> i64, extism:host/env.future_feature (i64) -> (); "
                        + "and imports of another type than the host's: extism:host/env.alloc (i32) -> i32 (the "
                        + "host's is (i64) -> i64). The host provides extism:host/env (alloc, free, length,")
                .contains("no host functions of extism:host/user");
        CliRun ok = CliRun.of("validate", SAMPLE, RESOURCES.resolve("wasi.json").toString());
        assertThat(ok.status()).isZero();
        assertThat(ok.out()).contains("OK " + SAMPLE + ": plugin 'extism_sample', 3 functions");
    }

    @Test
    void shouldRunAPluginWithoutLinearMemory() {
        String manifest = TestPlugins.manifest(
                dir,
                "nomem",
                "extism_nomem",
                "\"abi\": \"extism\"",
                "[\"abc\", \"no_result\", {\"name\": \"length_of\", \"params\": [\"STRING\"], \"returns\": \"BYTES\"}]");
        assertThat(CliRun.of("call", manifest, "abc", "''").out().strip()).isEqualTo("'abc'");
        assertThat(CliRun.of("call", manifest, "no_result", "'x'").out().strip())
                .isEqualTo("''");
        assertThat(CliRun.of("call", manifest, "length_of", "'hello'").out().strip())
                .isEqualTo("X'05'");
    }

    @Test
    void shouldPackageAnExtismPluginForCreateFunction() throws Exception {
        Path jar = dir.resolve("extism-udf.jar");
        CliRun run = CliRun.of("package", SAMPLE, "-o", jar.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("flinkwasm.udf.extism_sample.CountVowels")
                .contains("CREATE FUNCTION extism_greet AS 'flinkwasm.udf.extism_sample.ExtismGreet' USING JAR");
        try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar.toFile())) {
            String manifest = new String(
                    j.getInputStream(j.stream()
                                    .filter(e -> e.getName().endsWith(".json"))
                                    .findFirst()
                                    .orElseThrow())
                            .readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertThat(manifest.replace(" ", "")).contains("\"abi\":\"extism\"");
        }
    }
}
