package io.github.flinkwasm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkwasm.testing.TestPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every script under sql/ runs through the command line and prints what it should. */
class SqlScriptsITCase {
    /** Lines each script's output must contain (checked in addition to a clean exit). */
    private static final Map<String, List<String>> EXPECTED = Map.of(
            "table_functions.sql",
                    List.of(
                            "10 rows in set",
                            "|           3 |                       question |           4 |",
                            "|           2 |                         <NULL> |      <NULL> |",
                            "|           1 |                            msg |                           slow |",
                            "|           2 |                         status |                            200 |"),
            "aggregates.sql",
                    List.of(
                            // the same estimate from Rust and C, near the exact count
                            "|    2 |          999 |            999 |        1000 |",
                            "|    0 | [99997, 99977, 99974, 99954... | [99997, 99977, 99974, 99954... |"),
            "quickstart.sql", List.of("10 rows in set", "fib_array_c"),
            "create_function.sql", List.of("8 rows in set", "|           8 |          21 |                   21 |"),
            "strings.sql",
                    List.of(
                            // the same function in three languages, side by side
                            "😀 dlröw olléh |                😀 dlröw olléh |                😀 dlröw olléh |",
                            "|          70 |          70 |           2480184306 |           2480184306 |",
                            "Example.com",
                            "(Firefox, Linux)",
                            "(Safari, iOS)",
                            "[héllo, wörld, 😀]",
                            "Hello, Flink",
                            "fallback"),
            "extism.sql",
                    List.of(
                            "|             (3, 3, aeiouAEIOU) |                    Hello, Ada! |                   42 |",
                            "|                   in Flink SQL |           2 |           Hello, in Flink SQL! |"),
            "sessions.sql",
                    List.of(
                            "6 rows in set",
                            "|                          user0 |                21000 |               105000 |                    5 |",
                            "|                          user0 |               186000 |               270000 |                    5 |"),
            "dedup.sql",
                    List.of(
                            "24 rows in set",
                            "|                        order-1 |                     payload-17 |                85000 |",
                            "|                        order-0 |                     payload-40 |               200000 |"),
            "logins.sql",
                    List.of(
                            "5 rows in set",
                            "|                          user0 |                15000 |           3 |",
                            "|                          user0 |                95000 |           3 |"),
            "guardrails.sql",
                    List.of(
                            "20 rows in set",
                            "|          10 |      <NULL> |      <NULL> |           <NULL> |",
                            "|          19 |          19 |           1 |               11 |"));

    static Stream<String> scripts() throws IOException {
        try (Stream<Path> files = Files.list(TestPlugins.ROOT.resolve("sql"))) {
            return files
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".sql"))
                    .filter(n ->
                            System.getProperty("sql.scripts") == null || n.matches(System.getProperty("sql.scripts")))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void shouldRunTheScript(String script) {
        assertThat(EXPECTED).as("expected output of sql/%s", script).containsKey(script);
        if (script.equals("create_function.sql")) { // the script's own first step
            assertThat(CliRun.of("package", TestPlugins.sample("seed"), "-o", "target/seed-udf.jar")
                            .status())
                    .isZero();
        }
        CliRun run =
                CliRun.of("sql", TestPlugins.ROOT.resolve("sql").resolve(script).toString());
        try {
            Files.writeString(TestPlugins.ROOT.resolve("target").resolve(script + ".out"), run.out() + run.err());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).doesNotContain("Exception");
        for (String line : EXPECTED.get(script)) {
            assertThat(run.out()).contains(line);
        }
    }
}
