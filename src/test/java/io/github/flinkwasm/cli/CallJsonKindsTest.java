package io.github.flinkwasm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code call} end to end on every kind of value: a guest whose {@code echo} returns the block it
 * was given, declared with many SQL types, so each argument crosses into the guest and back.
 */
class CallJsonKindsTest {
    /**
     * Compiled from this text with wat2wasm (kept inline so the test needs no toolchain):
     *
     * <pre>
     * (module
     *   (memory (export "memory") 1)
     *   (global $next (mut i32) (i32.const 1024))
     *   (func (export "alloc") (param $n i32) (result i32)       ;; a bump allocator
     *     (local $p i32)
     *     (local.set $p (global.get $next))
     *     (global.set $next (i32.add (global.get $next) (local.get $n)))
     *     (local.get $p))
     *   (func (export "dealloc") (param i32 i32))
     *   (func (export "echo") (param $p i32) (param $n i32) (result i64)   ;; (ptr << 32) | len
     *     (i64.or (i64.shl (i64.extend_i32_u (local.get $p)) (i64.const 32))
     *             (i64.extend_i32_u (local.get $n))))
     *   (func (export "spin") (param i32) (result i32)
     *     (loop $l (br $l))
     *     (i32.const 0)))
     * </pre>
     */
    private static final String ECHO_WASM = "0061736d0100000001110360017f017f60027f7f0060027f7f017e0305040001020005"
            + "030100010607017f014180080b072a05066d656d6f7279020005616c6c6f630000076465616c6c6f630001046563686f"
            + "0002047370696e00030a2d041101017f23002101230020006a240020010b02000b0c002000ad4220862001ad840b0900"
            + "03400c000b41000b";

    @TempDir
    static Path dir;

    private static String manifest;

    @BeforeAll
    static void writePlugin() throws IOException {
        Files.write(dir.resolve("echo.wasm"), HexFormat.of().parseHex(ECHO_WASM));
        StringBuilder functions = new StringBuilder();
        String[][] types = {
            {"echo_text", "STRING"}, {"echo_bytes", "BYTES"}, {"echo_row", "ROW<browser STRING, os STRING>"},
            {"echo_array", "ARRAY<DOUBLE>"}, {"echo_map", "MAP<STRING, INT>"}, {"echo_dec", "DECIMAL(10, 2)"},
            {"echo_ts", "TIMESTAMP(3)"}, {"echo_nested", "ROW<id BIGINT, tags ARRAY<STRING>, at DATE>"},
        };
        for (String[] t : types) {
            functions
                    .append(functions.length() == 0 ? "" : ", ")
                    .append("{\"name\": \"")
                    .append(t[0])
                    .append("\", \"export\": \"echo\", \"params\": [\"")
                    .append(t[1])
                    .append("\"], \"returns\": \"")
                    .append(t[1])
                    .append("\"}");
        }
        functions.append(", {\"name\": \"spin\", \"params\": [\"INT\"], \"returns\": \"INT\"}");
        Path m = dir.resolve("echo.json");
        Files.writeString(
                m,
                "{\"name\": \"echo\", \"vm_config\": {\"path\": \"echo.wasm\", \"timeout_ms\": 200}, "
                        + "\"functions\": [" + functions + "]}");
        manifest = m.toString();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "echo_text   | 'it''s ☕'                                | 'it''s ☕'",
                "echo_bytes  | X'00ff0a'                                | X'00ff0a'",
                "echo_row    | ROW('Firefox', 'Linux')                  | ROW('Firefox', 'Linux')",
                "echo_row    | '{\"browser\": \"Firefox\", \"os\": null}' | ROW('Firefox', NULL)",
                "echo_array  | ARRAY[1, 2.5]                            | ARRAY[1.0, 2.5]",
                "echo_array  | '[1.0, 2.0]'                             | ARRAY[1.0, 2.0]",
                "echo_map    | MAP['a', 1]                              | MAP['a', 1]",
                "echo_dec    | DECIMAL '1.5'                            | 1.50",
                "echo_dec    | 2.345                                    | 2.35",
                "echo_ts     | TIMESTAMP '2024-01-01 10:00:00.250'      | TIMESTAMP '2024-01-01 10:00:00.25'",
                "echo_nested | ROW(7, ARRAY['a', NULL], DATE '2024-02-29') | ROW(7, ARRAY['a', NULL], DATE '2024-02-29')",
                "echo_text   | NULL                                     | NULL",
            })
    void shouldPassEveryKindThroughTheGuestAndBack(String function, String literal, String printed) {
        CliRun run = CliRun.of("call", manifest, function, literal);
        assertThat(run.err()).isEmpty();
        assertThat(run.status()).isZero();
        assertThat(run.out().strip()).isEqualTo(printed);
    }

    @Test
    void shouldNameTheArgumentThatDoesNotFit() {
        CliRun run = CliRun.of("call", manifest, "echo_row", "ROW('Firefox')");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err().strip())
                .isEqualTo(
                        "error: argument 1 of echo_row (ROW<browser STRING, os STRING>): "
                                + "expected ROW<`browser` STRING, `os` STRING>, found a ROW constructor: it has 1 fields, the type has 2");
        CliRun json = CliRun.of("call", manifest, "echo_array", "'[1, \"x\"]'");
        assertThat(json.err())
                .contains("argument 1 of echo_array (ARRAY<DOUBLE>): the JSON string does not fit "
                        + "ARRAY<DOUBLE>: $[1]: expected a number");
    }

    @Test
    void shouldReportATimeoutInOneLine() {
        CliRun run = CliRun.of("call", manifest, "spin", "1");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err().strip())
                .startsWith("error: plugin 'echo' function 'spin'")
                .contains("ran longer than vm_config.timeout_ms = 200 ms");
        assertThat(run.err().lines()).hasSize(1);
    }
}
