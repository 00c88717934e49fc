package io.github.flinkwasm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkwasm.testing.TestPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages of the first hour: every problem of a manifest at once, and no Java internals. */
class MessagesTest {
    private static final String SEED_WASM =
            TestPlugins.SAMPLES.resolve("seed.wasm").toString();

    @Test
    void shouldListEveryProblemOfAManifest(@TempDir Path dir) throws IOException {
        Path manifest = Files.writeString(
                dir.resolve("many.json"),
                "{\"name\": \"Many\", \"colour\": 1, \"vm_config\": {\"path\": \"" + SEED_WASM + "\", \"timeout_ms\": "
                        + "\"5\", \"mode\": \"jit\"}, \"functions\": [\"fib\", {\"name\": \"x\", \"export\": \"nope\", "
                        + "\"params\": [\"INT\"], \"returns\": \"INT\"}, 7]}");
        CliRun run = CliRun.of("validate", manifest.toString());
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err().lines())
                .containsExactly(
                        manifest + ": colour: unknown key 'colour'; expected one of [config, description, functions, "
                                + "instance_num, name, version, vm_config]",
                        manifest + ": name: expected a name matching [a-z][a-z0-9_]*, found 'Many'",
                        manifest + ": vm_config.mode: expected 'compiled' or 'interpreted', found 'jit'",
                        manifest + ": vm_config.timeout_ms: expected an integer from 0 to 86400000, found the string "
                                + "\"5\"",
                        manifest + ": functions[2]: expected a function name or an object with keys [deterministic, "
                                + "export, kind, name, null_result, on_error, params, returns, state_ttl_ms], found the number 7");
        // once the manifest reads, every function is checked against the module
        Path functions = Files.writeString(
                dir.resolve("functions.json"),
                "{\"name\": \"f\", \"vm_config\": {\"path\": \"" + SEED_WASM + "\"}, \"functions\": [\"nope\", "
                        + "\"fib\", {\"name\": \"g\", \"export\": \"fib\", \"params\": [\"BIGINT\"], \"returns\": "
                        + "\"INT\"}]}");
        CliRun second = CliRun.of("validate", functions.toString());
        assertThat(second.err().lines()).hasSize(2);
        assertThat(second.err())
                .contains(functions + ": functions[0]: the module ")
                .contains(functions + ": functions[2]: export 'fib' has type (i32) -> i32");
    }

    @Test
    void shouldExplainBinaryAndNonUtf8FilesInPlainWords(@TempDir Path dir) throws IOException {
        Path ctrl = Files.writeString(dir.resolve("ctrl.json"), "{\"name\": \"a\u0001b\"}");
        CliRun control = CliRun.of("validate", ctrl.toString());
        assertThat(control.err().strip())
                .isEqualTo(ctrl + ": malformed JSON at line 1, column 12: a control character (U+0001) inside a "
                        + "string; write it escaped, as \\u0001")
                .doesNotContain("CTRL-CHAR");
        Path nul = Files.write(dir.resolve("nul.json"), new byte[] {'{', 0, '}'});
        assertThat(CliRun.of("validate", nul.toString()).err().strip())
                .isEqualTo(nul + ": malformed JSON at line 1, column 3: a control character (U+0000) where JSON allows "
                        + "only spaces, tabs and line breaks (is this a binary file?)");
        Path latin1 = Files.write(dir.resolve("latin1.json"), new byte[] {'{', '"', 'n', (byte) 0xe9, '"', '}'});
        assertThat(CliRun.of("validate", latin1.toString()).err().strip())
                .isEqualTo(latin1 + ": the manifest is not UTF-8 text: byte 0xe9 at offset 3 cannot start or continue "
                        + "a UTF-8 character; save the file as UTF-8")
                .doesNotContain("Input length");
        CliRun wasm = CliRun.of("validate", SEED_WASM);
        assertThat(wasm.err()).contains(SEED_WASM + ": this file is a WebAssembly module, not a manifest");
        Path script =
                Files.write(dir.resolve("latin1.sql"), new byte[] {'S', 'E', 'L', 'E', 'C', 'T', ' ', (byte) 0xe9});
        assertThat(CliRun.of("sql", script.toString()).err().strip())
                .isEqualTo("error: " + script + ": the script is not UTF-8 text; save it as UTF-8");
    }
}
