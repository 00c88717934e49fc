package io.github.flinkwasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkwasm.testing.TestPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's SQL and Java snippets are lifted from scripts under sql/, from tests and from the
 * example project (run by DataStreamProjectITCase), which all run:
 * every line of every snippet must stand in one of them, so the README cannot drift.
 */
class ReadmeSnippetsTest {
    private static final Pattern BLOCK = Pattern.compile("```(sql|java)\\n(.*?)```", Pattern.DOTALL);

    @Test
    void shouldTakeEverySnippetFromCodeThatRuns() throws IOException {
        String readme = Files.readString(TestPlugins.ROOT.resolve("README.md"));
        String sql = concat(TestPlugins.ROOT.resolve("sql"), ".sql");
        String java = concat(TestPlugins.ROOT.resolve("src/test/java"), ".java")
                + concat(TestPlugins.ROOT.resolve("examples"), ".java");
        Matcher m = BLOCK.matcher(readme);
        List<String> missing = new ArrayList<>();
        int snippets = 0;
        while (m.find()) {
            snippets++;
            String source = m.group(1).equals("sql") ? sql : java;
            for (String line : m.group(2).split("\n")) {
                String code = line.strip();
                if (!code.isEmpty() && !code.startsWith("--") && !code.startsWith("//") && !source.contains(code)) {
                    missing.add(m.group(1) + ": " + code);
                }
            }
        }
        assertThat(snippets).isGreaterThanOrEqualTo(5);
        assertThat(missing).as("README lines found in no script or test").isEmpty();
    }

    @Test
    void shouldShowOnlyManifestsThatParse() throws IOException {
        String readme = Files.readString(TestPlugins.ROOT.resolve("README.md"));
        Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        int manifests = 0;
        while (m.find()) {
            String json = m.group(1);
            // a whole manifest, or one entry of "functions"
            String manifest = json.contains("\"vm_config\"")
                    ? json
                    : "{\"name\": \"x\", \"vm_config\": {\"path\": \"x.wasm\"}, \"functions\": [" + json + "]}";
            assertThat(io.github.flinkwasm.manifest.ManifestReader.read(manifest, "README.md", "."))
                    .isNotNull();
            manifests++;
        }
        assertThat(manifests).isGreaterThanOrEqualTo(2);
    }

    private static String concat(Path folder, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> p.toString().endsWith(suffix))
                    .map(p -> {
                        try {
                            return Files.readString(p)
                                    .lines()
                                    .map(String::strip)
                                    .collect(Collectors.joining("\n"));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .collect(Collectors.joining("\n"));
        }
    }
}
