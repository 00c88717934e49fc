package io.github.flinkwasm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkwasm.testing.TestPlugins;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command line under the guardrails a query has: start code under the timeout, on_error, preopens. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GuardrailCommandsTest {
    @TempDir
    Path dir;

    private String manifest(String module, String vmExtra, String onError) {
        return TestPlugins.manifest(
                dir,
                "guest",
                module,
                vmExtra,
                "[{\"name\": \"one\", \"params\": [\"INT\"], \"returns\": \"INT\", \"on_error\": \"" + onError
                        + "\"}]");
    }

    @Test
    void shouldStopAnEndlessStartFunctionAtTheTimeout() {
        CliRun run = CliRun.of("call", manifest("start_loop", "\"timeout_ms\": 300", "fail"), "one", "1");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip())
                .startsWith("error: plugin 'guest' function 'one' (export 'one'): the module's start code ran "
                        + "longer than vm_config.timeout_ms = 300 ms and was stopped")
                .contains("start function");
    }

    @Test
    void shouldStopAnEndlessInitializeAtTheTimeout() {
        CliRun run =
                CliRun.of("call", manifest("init_loop", "\"timeout_ms\": 300, \"wasi\": true", "fail"), "one", "1");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("plugin 'guest' function 'one'", "vm_config.timeout_ms = 300 ms", "_initialize");
    }

    @Test
    void shouldReportAMissingPreopenFolderInValidate() {
        String manifest = TestPlugins.manifest(
                dir, "probe", "wasi_files", "\"wasi\": {\"preopens\": {\"/data\": \"nowhere\"}}", "[\"symlink\"]");
        CliRun run = CliRun.of("validate", manifest);
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out() + run.err())
                .contains(manifest + ": vm_config.wasi.preopens./data: folder not found: " + dir.resolve("nowhere"));
    }

    @Test
    void shouldPrintNullAndTheErrorWhenOnErrorIsNull() {
        String functions = "[{\"name\": \"check\", \"params\": [\"INT\"], \"returns\": \"INT\", \"on_error\": \"%s\"}]";
        String lenient = TestPlugins.manifest(dir, "lenient", "traps", "", String.format(functions, "null"));
        CliRun trap = CliRun.of("call", lenient, "check", "-7");
        assertThat(trap.status()).isZero();
        assertThat(trap.out().strip()).isEqualTo("NULL");
        assertThat(trap.err().strip())
                .startsWith("warning: plugin 'lenient' function 'check' (export 'check') failed on arguments (-7): ")
                .contains("unreachable")
                .endsWith("; the row gets NULL (on_error = null)");
        CliRun fine = CliRun.of("call", lenient, "check", "7");
        assertThat(fine.out().strip()).isEqualTo("7");
        assertThat(fine.err()).isEmpty();

        String strict = TestPlugins.manifest(dir, "strict", "traps", "", String.format(functions, "fail"));
        CliRun fail = CliRun.of("call", strict, "check", "-7");
        assertThat(fail.status()).isEqualTo(1);
        assertThat(fail.out()).isEmpty();
        assertThat(fail.err())
                .startsWith("error: plugin 'strict' function 'check' (export 'check') failed on arguments (-7): ");
    }

    @Test
    void shouldPrintNullWhenTheStartCodeTimesOutAndOnErrorIsNull() {
        CliRun run = CliRun.of("call", manifest("start_loop", "\"timeout_ms\": 300", "null"), "one", "1");
        assertThat(run.status()).isZero();
        assertThat(run.out().strip()).isEqualTo("NULL");
        assertThat(run.err())
                .startsWith("warning: plugin 'guest' function 'one' (export 'one') failed on arguments (1): ")
                .contains("start code ran longer than vm_config.timeout_ms = 300 ms", "(on_error = null)");
    }

    @Test
    void shouldGiveNullRowsWhenOnErrorIsNullWithRows() {
        String lenient = TestPlugins.manifest(
                dir,
                "lenient",
                "traps",
                "",
                "[{\"name\": \"check\", \"params\": [\"INT\"], \"returns\": \"INT\", \"on_error\": \"null\"}]");
        CliRun run = CliRun.withInput("7\n-7\n8\n", "call", lenient, "check", "--rows", "-");
        assertThat(run.status()).isZero();
        assertThat(run.out().strip().split("\\R")).containsExactly("7", "NULL", "8");
        assertThat(run.err()).contains("warning: ", "failed on arguments (-7)", "(on_error = null)");
    }
}
