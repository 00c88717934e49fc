package io.github.flinkwasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkwasm.testing.TestPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public type says whether users may rely on it (Flink's {@code @PublicEvolving}) or not
 * ({@code @Internal}), and the README names only the public ones.
 */
class ApiMarksTest {
    private static final Pattern TOP_LEVEL = Pattern.compile(
            "^public (?:final |abstract |sealed )*(?:class|interface|enum|record) (\\w+)", Pattern.MULTILINE);

    /** Simple name of each public top-level type to its mark, or "none". */
    private static Map<String, String> marks() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(TestPlugins.ROOT.resolve("src/main/java"))) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String s = Files.readString(f);
                Matcher m = TOP_LEVEL.matcher(s);
                if (m.find()) {
                    // the annotation lines right above the declaration
                    String[] lines = s.substring(0, m.start()).split("\n");
                    String mark = "none";
                    for (int i = lines.length - 1; i >= 0 && lines[i].startsWith("@"); i--) {
                        if (lines[i].equals("@PublicEvolving")) {
                            mark = "public";
                        } else if (lines[i].equals("@Internal")) {
                            mark = "internal";
                        }
                    }
                    out.put(m.group(1), mark);
                }
            }
        }
        return out;
    }

    @Test
    void shouldMarkEveryPublicType() throws IOException {
        Map<String, String> marks = marks();
        assertThat(marks).hasSizeGreaterThan(40);
        assertThat(marks)
                .as("public types without @PublicEvolving or @Internal")
                .doesNotContainValue("none");
        assertThat(marks)
                .containsEntry("WasmScalarFunction", "public")
                .containsEntry("WasmMapFunction", "public")
                .containsEntry("WasmPluginModule", "public")
                .containsEntry("FunctionInvoker", "internal")
                .containsEntry("ChicoryEngine", "internal")
                .containsEntry("ValueCodec", "internal");
    }

    @Test
    void shouldNameOnlyPublicTypesInTheReadme() throws IOException {
        Map<String, String> marks = marks();
        String readme = Files.readString(TestPlugins.ROOT.resolve("README.md"));
        List<String> internal = new ArrayList<>();
        // class names in code: `...` spans and fenced blocks
        Matcher code = Pattern.compile("```.*?```|`[^`\\n]+`", Pattern.DOTALL).matcher(readme);
        while (code.find()) {
            Matcher words = Pattern.compile("\\b[A-Z][A-Za-z0-9]+\\b").matcher(code.group());
            while (words.find()) {
                String w = words.group();
                if ("internal".equals(marks.get(w)) && !internal.contains(w)) {
                    internal.add(w);
                }
            }
        }
        assertThat(internal).as("internal types named in the README").isEmpty();
    }
}
