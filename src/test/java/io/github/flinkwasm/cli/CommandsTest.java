package io.github.flinkwasm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkwasm.testing.TestPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** call, inspect and validate, run in-process on the sample plugins and on manifests written here. */
class CommandsTest {
    private static final String SEED = TestPlugins.sample("seed");
    private static final String SEED_WAT = TestPlugins.sample("seed_wat");

    @Test
    void shouldPrintUsageWithoutArguments() {
        CliRun none = CliRun.of();
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.out()).contains("Usage:", "sql", "call", "inspect", "validate", "package");
        assertThat(CliRun.of("--help").status()).isZero();
        CliRun unknown = CliRun.of("frobnicate");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown command 'frobnicate'");
    }

    @Test
    void shouldCallAFunctionAndPrintTheResultAsALiteral() {
        CliRun fib = CliRun.of("call", SEED, "fib", "20");
        assertThat(fib.status()).isZero();
        assertThat(fib.out().strip()).isEqualTo("6765");
        assertThat(CliRun.of("call", SEED, "fib_array", "90").out().strip()).isEqualTo("2880067194370816120");
        assertThat(CliRun.of("call", SEED_WAT, "wat_sum", "-7", "1e3").out().strip())
                .isEqualTo("993");
        assertThat(CliRun.of("call", SEED_WAT, "wat_sum", "NULL", "1").out().strip())
                .isEqualTo("NULL");
    }

    @Test
    void shouldExplainABadCallInOneLine() {
        CliRun type = CliRun.of("call", SEED, "fib", "'ten'");
        assertThat(type.status()).isEqualTo(1);
        assertThat(type.err().strip())
                .isEqualTo(
                        "error: argument 1 of fib (INT): expected INT, found the string 'ten': write a number such as 42, "
                                + "-7, 3.5 or 1e3");
        CliRun count = CliRun.of("call", SEED, "fib", "1", "2");
        assertThat(count.err().strip()).isEqualTo("error: fib(INT) takes 1 argument, got 2");
        CliRun missing = CliRun.of("call", SEED, "nope");
        assertThat(missing.err()).contains("has no function 'nope'", "sum, fib, fib_array");
        CliRun usage = CliRun.of("call", SEED);
        assertThat(usage.status()).isEqualTo(2);
        assertThat(usage.err()).contains("usage: call MANIFEST FUNCTION ARG...  or  call MANIFEST FUNCTION --rows");
    }

    @Test
    void shouldReportATrapWithoutAStackTrace() {
        // fib_array(n) needs (n + 1) * 8 bytes: 10 million entries are beyond the 16 MiB memory cap
        CliRun trap = CliRun.of("call", SEED, "fib_array", "10000000");
        assertThat(trap.status()).isEqualTo(1);
        assertThat(trap.err().lines().count()).isEqualTo(1);
        assertThat(trap.err())
                .startsWith("error: ")
                .contains("plugin 'seed' function 'fib_array'")
                .doesNotContain("\tat ");
        assertThat(CliRun.of("--verbose", "call", SEED, "fib_array", "10000000").err())
                .contains("\tat ");
    }

    @Test
    void shouldInspectAManifestAndAModule() {
        CliRun manifest = CliRun.of("inspect", SEED_WAT);
        assertThat(manifest.status()).isZero();
        assertThat(manifest.out())
                .contains("plugin: seed_wat 1.0.0 - the seed functions written in WebAssembly text")
                .contains("timeout_ms        1000")
                .contains("max_memory_pages  64 (4 MiB)")
                .containsPattern("wat_sum\\(INT, INT\\) -> INT +export sum, on_error fail")
                .containsPattern("fib_array +function \\(i32\\) -> i64")
                .contains("memory: 1 page initial (64 KiB), no maximum, exported");
        CliRun module =
                CliRun.of("inspect", TestPlugins.SAMPLES.resolve("seed.wasm").toString());
        assertThat(module.status()).isZero();
        assertThat(module.out())
                .contains("imports: none")
                .containsPattern("fib +function \\(i32\\) -> i32")
                .doesNotContain("functions:");
        CliRun text = CliRun.of("inspect", TestPlugins.sample("text_c"));
        assertThat(text.out())
                .containsPattern("c_word_index\\(STRING, STRING\\) -> INT +export word_index, .*null_result -1");
    }

    @Test
    void shouldValidateGoodManifestsAndFolders() {
        CliRun ok = CliRun.of("validate", TestPlugins.SAMPLES.toString());
        assertThat(ok.status()).isZero();
        assertThat(ok.out())
                .contains("OK " + SEED + ": plugin 'seed', 3 functions")
                .contains("OK " + SEED_WAT + ": plugin 'seed_wat', 3 functions")
                .contains("note: function 'sum' has the name of a Flink built-in function");
        assertThat(ok.err()).isEmpty();
    }

    @Test
    void shouldReportEachBadManifestOnOneLine(@TempDir Path dir) throws IOException {
        Path wasm = TestPlugins.SAMPLES.resolve("seed.wasm");
        String good = write(
                dir,
                "good.json",
                "{\"name\": \"good\", \"vm_config\": {\"path\": \"" + wasm + "\"}, \"functions\": [\"fib\"]}");
        String unknownKey = write(
                dir,
                "typo.json",
                "{\"name\": \"typo\", \"vm_config\": {\"path\": \"" + wasm
                        + "\", \"timeout\": 5}, \"functions\": [\"fib\"]}");
        String noExport = write(
                dir,
                "noexport.json",
                "{\"name\": \"noexport\", \"vm_config\": {\"path\": \"" + wasm
                        + "\"}, \"functions\": [\"fib\", \"nope\"]}");
        String badType = write(
                dir,
                "badtype.json",
                "{\"name\": \"badtype\", \"vm_config\": {\"path\": \"" + wasm
                        + "\"}, \"functions\": [{\"name\": \"f\", \"export\": \"fib\", \"params\": [\"INT\"], "
                        + "\"returns\": \"STRING\"}]}");
        String noFile = write(
                dir,
                "nofile.json",
                "{\"name\": \"nofile\", \"vm_config\": {\"path\": \"missing.wasm\"}, " + "\"functions\": [\"fib\"]}");
        String broken = write(dir, "broken.json", "{\"name\": ");
        String clash = write(
                dir,
                "clash.json",
                "{\"name\": \"clash\", \"vm_config\": {\"path\": \"" + wasm + "\"}, \"functions\": [\"fib\"]}");

        CliRun run = CliRun.of(
                "validate",
                good,
                unknownKey,
                noExport,
                badType,
                noFile,
                broken,
                clash,
                dir.resolve("nothing-here").toString());
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).contains("OK " + good + ": plugin 'good', 1 function");
        assertThat(run.err().lines()).hasSize(7).allMatch(l -> !l.startsWith("\tat "));
        assertThat(run.err())
                .contains(unknownKey + ": vm_config.timeout: ")
                .contains(noExport + ": functions[1]: the module " + wasm + " has no exported function 'nope'")
                .contains(badType + ": functions[0]: export 'fib' has type (i32) -> i32")
                .contains(noFile + ": vm_config.path: module file not found")
                .contains(broken + ": malformed JSON")
                .contains(clash + ": functions: function name 'fib' clashes")
                .contains("nothing-here: manifest file not found");
    }

    @Test
    void shouldFailValidationOfAnEmptyFolder(@TempDir Path dir) {
        CliRun run = CliRun.of("validate", dir.toString());
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo(dir + ": the folder holds no manifest (*.json)");
    }

    private static String write(Path dir, String name, String json) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, json);
        return p.toString();
    }
}
