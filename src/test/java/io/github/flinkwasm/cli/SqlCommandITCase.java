package io.github.flinkwasm.cli;

import static io.github.flinkwasm.testing.Fibonacci.fib;
import static io.github.flinkwasm.testing.Fibonacci.fibLong;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkwasm.testing.KindsPlugin;
import io.github.flinkwasm.testing.TestPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code sql} command in-process, on its own embedded cluster (two slots, parallelism 2). */
class SqlCommandITCase {
    private static final Path QUICKSTART = TestPlugins.ROOT.resolve("sql/quickstart.sql");

    @Test
    void shouldRunTheQuickstart() {
        CliRun run = CliRun.of("sql", QUICKSTART.toString());

        assertThat(run.status()).as(run.err()).isZero();
        // | +I | n | fib | fib_array(5n) | wat_fib | n + 100 |
        Pattern row =
                Pattern.compile("\\| \\+I \\|\\s+(\\d+) \\|\\s+(\\d+) \\|\\s+(\\d+) \\|\\s+(\\d+) \\|\\s+(\\d+) \\|");
        Matcher m = row.matcher(run.out());
        int rows = 0;
        while (m.find()) {
            int n = Integer.parseInt(m.group(1));
            assertThat(Integer.parseInt(m.group(2))).isEqualTo(fib(n));
            assertThat(Long.parseLong(m.group(3))).isEqualTo(fibLong(5 * n));
            assertThat(Integer.parseInt(m.group(4))).isEqualTo(fib(n));
            assertThat(Integer.parseInt(m.group(5))).isEqualTo(n + 100);
            rows++;
        }
        assertThat(rows).isEqualTo(10);
        assertThat(run.out()).contains("| op |", "fib_array_c", "10 rows in set", "| wat_fib_array |");
        assertThat(run.err()).contains("first row").doesNotContain("Exception");
    }

    @Test
    void shouldSwitchToBatchAndStopAtTheFirstFailingStatement(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("batch.sql");
        Files.writeString(
                script,
                String.join(
                        "\n",
                        List.of(
                                "LOAD MODULE wasm WITH ('plugins' = '" + TestPlugins.sample("seed_wat") + "');",
                                "CREATE TEMPORARY VIEW v AS SELECT * FROM (VALUES (1, 'a;b'), (2, 'it''s')) AS t(n, s);",
                                "SET 'execution.runtime-mode' = 'batch';  -- after the environment exists",
                                "SELECT n, s, wat_sum(n, 10) AS total FROM v;",
                                "SELECT no_such_function(1);",
                                "SELECT 'never reached';")));

        CliRun run = CliRun.of("sql", script.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out())
                .contains("|    s | total |", "|  a;b |    11 |", "| it's |    12 |", "2 rows in set")
                .doesNotContain("| op |")
                .doesNotContain("never reached");
        assertThat(run.err())
                .contains("re-created and 2 earlier statements replayed")
                .contains("error: " + script + ":5: SQL validation failed.")
                .contains("no_such_function");
        assertThat(run.err().lines().filter(l -> l.startsWith("error:"))).hasSize(1);
    }

    @Test
    void shouldFindPluginsBesideTheScriptAndShowThePlannersCause(@TempDir Path dir) throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("project/plugins"));
        Files.copy(TestPlugins.SAMPLES.resolve("text.json"), plugins.resolve("text.json"));
        Files.copy(TestPlugins.SAMPLES.resolve("text.wasm"), plugins.resolve("text.wasm"));
        Path script = Files.createDirectories(dir.resolve("project/sql")).resolve("greet.sql");
        Files.writeString(
                script,
                String.join(
                        "\n",
                        "LOAD MODULE wasm WITH ('plugins' = '../plugins');",
                        "SET 'execution.runtime-mode' = 'batch';",
                        "SELECT greet('Ada') AS g;",
                        "SELECT greet(42);"));

        CliRun run = CliRun.of("sql", script.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).contains("Hello, Ada", "1 row in set");
        // the planner's cause without --verbose, on the error line
        List<String> errors =
                run.err().lines().filter(l -> l.startsWith("error:")).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0))
                .startsWith(
                        "error: " + script + ":4: SQL validation failed. Invalid function call: greet(INT NOT NULL)")
                .endsWith("Data type STRING expected but INT NOT NULL passed");
    }

    @Test
    void shouldNameBothFoldersWhenAPluginPathIsFoundInNeither(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("lost.sql");
        Files.writeString(script, "LOAD MODULE wasm WITH ('plugins' = 'nowhere/p.json');\n");

        CliRun run = CliRun.of("sql", script.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err())
                .contains("error: " + script + ":1: plugin location 'nowhere/p.json' not found: neither "
                        + dir.resolve("nowhere/p.json") + " (beside the script) nor "
                        + TestPlugins.ROOT.resolve("nowhere/p.json") + " (in the working directory) exists");
        CliRun missing = CliRun.of("sql", "no-such-script.sql");
        assertThat(missing.err().strip())
                .isEqualTo(
                        "error: no-such-script.sql: file not found: " + TestPlugins.ROOT.resolve("no-such-script.sql"));
    }

    @Test
    void shouldNameThePluginAndTheExportWhenAQueryNeedsAMissingRetract(@TempDir Path dir) throws IOException {
        String manifest = KindsPlugin.manifest(dir);
        Path script = dir.resolve("retract.sql");
        CliRun run = runKinds(
                script,
                manifest,
                "CREATE TEMPORARY VIEW src AS SELECT * FROM (VALUES (1, CAST(2 AS BIGINT)), (2, CAST(3 AS"
                        + " BIGINT)), (1, CAST(4 AS BIGINT))) AS t(k, x);",
                "SELECT sumsq(x) AS s FROM src;",
                // the inner GROUP BY updates its rows, so the outer aggregate must take rows back
                "SELECT k2, sumsq_plain(s) FROM (SELECT k, MOD(k, 2) AS k2, SUM(x) AS s FROM src GROUP BY k)"
                        + " GROUP BY k2;");

        assertThat(run.out()).as(run.err()).contains("29"); // sumsq has E_retract and needs none here: 4 + 9 + 16
        assertThat(onlyError(run))
                .startsWith("error: " + script + ":4: plugin 'kinds' (" + manifest
                        + ") aggregate function 'sumsq_plain' has no export 'sumsq_plain_retract' (E_retract),"
                        + " which this query needs: its input is updating");
    }

    @Test
    void shouldNameThePluginAndTheExportWhenASessionWindowNeedsAMissingMerge(@TempDir Path dir) throws IOException {
        String manifest = KindsPlugin.manifest(dir);
        Path script = dir.resolve("merge.sql");
        CliRun run = runKinds(
                script,
                manifest,
                "CREATE TEMPORARY TABLE clicks (k INT, x BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts -"
                        + " INTERVAL '1' SECOND) WITH ('connector' = 'datagen', 'number-of-rows' = '10');",
                // a session window grows by merging the accumulators of the windows it joins
                "SELECT window_start, k, sumsq_plain(x) FROM TABLE(SESSION(TABLE clicks PARTITION BY k,"
                        + " DESCRIPTOR(ts), INTERVAL '5' SECONDS)) GROUP BY window_start, window_end, k;");

        assertThat(onlyError(run))
                .startsWith("error: " + script + ":3: plugin 'kinds' (" + manifest
                        + ") aggregate function 'sumsq_plain' has no export 'sumsq_plain_merge' (E_merge), which this"
                        + " query needs: it merges accumulators");
    }

    /** Runs a script that loads the kinds test plugin, then these statements; it must fail. */
    private static CliRun runKinds(Path script, String manifest, String... statements) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("LOAD MODULE wasm WITH ('plugins' = '" + manifest + "', 'override-built-ins' = 'true');");
        lines.addAll(List.of(statements));
        Files.writeString(script, String.join("\n", lines));
        CliRun run = CliRun.of("sql", script.toString());
        assertThat(run.status()).isEqualTo(1);
        return run;
    }

    private static String onlyError(CliRun run) {
        List<String> errors =
                run.err().lines().filter(l -> l.startsWith("error:")).toList();
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }
}
