package io.github.flinkwasm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkwasm.testing.TestPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code call}: bare text, the quoting hints, rows from a file or stdin, a module given as manifest. */
class CallCommandTest {
    private static final String SEED = TestPlugins.sample("seed");
    private static final String TEXT = TestPlugins.sample("text");
    private static final String TEXT_C = TestPlugins.sample("text_c");

    @Test
    void shouldTakeABareWordAsTheTextOfAStringParameter() {
        assertThat(CliRun.of("call", TEXT, "greet", "Ada").out().strip()).isEqualTo("'Hello, Ada'");
        assertThat(CliRun.of("call", TEXT, "greet", "Ada's").out().strip()).isEqualTo("'Hello, Ada''s'");
        assertThat(CliRun.of("call", TEXT, "greet", "two words").out().strip()).isEqualTo("'Hello, two words'");
        assertThat(CliRun.of("call", TEXT, "greet", "42").out().strip()).isEqualTo("'Hello, 42'");
        assertThat(CliRun.of("call", TEXT, "greet", "'quoted'").out().strip()).isEqualTo("'Hello, quoted'");
        assertThat(CliRun.of("call", TEXT, "greet", "NULL").out().strip()).isEqualTo("NULL");
        assertThat(CliRun.of("call", TEXT, "greet", "'NULL'").out().strip()).isEqualTo("'Hello, NULL'");
    }

    @Test
    void shouldGiveAQuotingHintThatWorksWhenFollowed() {
        CliRun bad = CliRun.of("call", TEXT, "greet", "'Ada's'");
        assertThat(bad.status()).isEqualTo(1);
        // the hint: the literal with the quote doubled, how to type it in a shell, or the bare text
        assertThat(bad.err().strip())
                .startsWith("error: argument 1 of greet (STRING): unexpected text after the literal")
                .endsWith("a quote inside a string literal is written twice: 'Ada''s', in a shell \"'Ada''s'\", "
                        + "or without the outer quotes the text is taken as it is: \"Ada's\"");
        // each suggestion, as the shell hands it over, gives the intended text
        assertThat(CliRun.of("call", TEXT, "greet", "'Ada''s'").out().strip()).isEqualTo("'Hello, Ada''s'");
        assertThat(CliRun.of("call", TEXT, "greet", "Ada's").out().strip()).isEqualTo("'Hello, Ada''s'");

        CliRun unterminated = CliRun.of("call", TEXT, "greet", "'Ada");
        assertThat(unterminated.err())
                .contains("unterminated string literal: 'Ada")
                .contains("in a shell \"'Ada'\"");
        CliRun number = CliRun.of("call", SEED, "fib", "ten");
        assertThat(number.err().strip())
                .isEqualTo("error: argument 1 of fib (INT): expected INT, found the text ten: write a number such as "
                        + "42, -7, 3.5 or 1e3");
    }

    @Test
    void shouldRunEveryRowOfAFileOnOneInstance(@TempDir Path dir) throws IOException {
        Path rows = Files.writeString(dir.resolve("n.csv"), "1\n2\n\n10\n20\n");
        CliRun run = CliRun.of("call", SEED, "fib", "--rows", rows.toString());
        assertThat(run.status()).isZero();
        assertThat(run.out().lines()).containsExactly("1", "1", "55", "6765");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void shouldReadCsvFieldsAsArguments(@TempDir Path dir) throws IOException {
        Path rows = Files.writeString(
                dir.resolve("words.csv"),
                String.join("\n", "héllo", "\"a, b\"", "'c, d'", "It's", "\"say \"\"hi\"\"\"", "NULL", "'NULL'", ""));
        CliRun run = CliRun.of("call", TEXT_C, "c_str_reverse", "--rows", rows.toString());
        assertThat(run.out().lines())
                .containsExactly("'olléh'", "'b ,a'", "'d ,c'", "'s''tI'", "'\"ih\" yas'", "NULL", "'LLUN'");
        Path pairs = Files.writeString(dir.resolve("pairs.csv"), "Ada, x\n'', fallback\nNULL, z\n");
        CliRun two = CliRun.of("call", TEXT, "config_or", "--rows", pairs.toString());
        assertThat(two.status()).isZero();
        assertThat(two.out().lines()).hasSize(3).last().isEqualTo("NULL");
    }

    @Test
    void shouldReadJsonRowsFromStdin() {
        CliRun run = CliRun.withInput(
                "[\"a\\u00e9\", \"x\"]\n[\"greeting\", \"none\"]\n[null, \"y\"]\n",
                "call",
                TEXT,
                "config_or",
                "--rows",
                "-");
        assertThat(run.status()).isZero();
        assertThat(run.out().lines()).containsExactly("'x'", "'Hello'", "NULL");
        CliRun numbers = CliRun.withInput("[5]\n[6]\n", "call", SEED, "fib", "--rows", "-", "--format", "json");
        assertThat(numbers.out().lines()).containsExactly("5", "8");
    }

    @Test
    void shouldPrintAnErrorInPlaceOfAFailedRowAndGoOn() {
        // row 2 traps (beyond the memory cap), row 3 has two values, row 4 is not a number
        CliRun run = CliRun.withInput("3\n10000000\n1, 2\nten\n4\n", "call", SEED, "fib_array", "--rows", "-");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out().lines()).hasSize(5);
        assertThat(run.out().lines().toList().get(0)).isEqualTo("2");
        assertThat(run.out().lines().toList().get(1)).startsWith("ERROR: stdin:2: plugin 'seed' function 'fib_array'");
        assertThat(run.out().lines().toList().get(2))
                .isEqualTo("ERROR: stdin:3: fib_array(INT) takes 1 argument, got 2");
        assertThat(run.out().lines().toList().get(3))
                .isEqualTo("ERROR: stdin:4: argument 1 of fib_array (INT): expected INT, found the text ten: "
                        + "write a number such as 42, -7, 3.5 or 1e3");
        assertThat(run.out().lines().toList().get(4)).isEqualTo("3");
        assertThat(run.err().strip()).isEqualTo("error: 3 of 5 rows failed");
    }

    @Test
    void shouldExplainBadRowInput(@TempDir Path dir) throws IOException {
        CliRun missing = CliRun.of("call", SEED, "fib", "--rows", "no-such-rows.csv");
        assertThat(missing.err().strip())
                .isEqualTo("error: rows file not found: "
                        + Path.of("no-such-rows.csv").toAbsolutePath());
        Path latin1 = Files.write(dir.resolve("latin1.csv"), new byte[] {'1', '\n', (byte) 0xe9, '\n'});
        CliRun notUtf8 = CliRun.of("call", TEXT, "greet", "--rows", latin1.toString());
        assertThat(notUtf8.status()).isEqualTo(1);
        assertThat(notUtf8.err().strip())
                .isEqualTo("error: " + latin1 + ":2: the input is not valid UTF-8 text")
                .doesNotContain("Input length");
        CliRun json = CliRun.withInput("{\"n\": 1}\n[1\n", "call", SEED, "fib", "--rows", "-", "--format", "json");
        assertThat(json.out().lines().toList())
                .containsExactly(
                        "ERROR: stdin:1: expected a JSON array with one value per parameter, found {\"n\": 1}",
                        "ERROR: stdin:2: not a JSON array: at line 1, column 3: the text ends before the JSON value "
                                + "does (a '}', ']' or '\"' is missing)");
        CliRun both = CliRun.of("call", SEED, "fib", "1", "--rows", "-");
        assertThat(both.status()).isEqualTo(2);
        assertThat(both.err()).contains("with --rows the arguments come from the rows; remove 1");
        CliRun format = CliRun.of("call", SEED, "fib", "--rows", "-", "--format", "xml");
        assertThat(format.err()).contains("unknown row format 'xml'; expected csv, json or auto");
    }

    @Test
    void shouldSayThatAModuleIsNotAManifest() {
        String wasm = TestPlugins.SAMPLES.resolve("seed.wasm").toString();
        CliRun run = CliRun.of("call", wasm, "fib", "20");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err().strip())
                .isEqualTo(
                        "error: " + wasm
                                + ": this file is a WebAssembly module, not a manifest; use inspect to see its "
                                + "exports, or write a manifest such as {\"name\": \"seed\", \"vm_config\": {\"path\": "
                                + "\"seed.wasm\"}, \"functions\": [\"sum\", \"fib\", \"fib_array\"]} (README, \"The manifest\")")
                .doesNotContain("CTRL-CHAR");
    }
}
