package io.github.flinkwasm.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.flinkwasm.PluginException;
import io.github.flinkwasm.testing.TestPlugins;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manifest under src/test/resources/bad-manifests fails to load with a message that names
 * the manifest file, the JSON path of the key and what was expected (bad-manifests/expected.tsv).
 */
class BadManifestsTest {
    private static final Path CORPUS = TestPlugins.ROOT.resolve("src/test/resources/bad-manifests");

    @TempDir
    static Path dir;

    @BeforeAll
    static void prepareModules() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        for (String m : new String[] {"loops", "big_memory", "bad_import", "wasi_probe", "strings"}) {
            Files.copy(TestPlugins.testModule(m), dir.resolve(m + ".wasm"));
        }
        byte[] good = Files.readAllBytes(TestPlugins.testModule("loops"));
        Files.write(dir.resolve("truncated.wasm"), Arrays.copyOf(good, good.length / 2));
        byte[] invalid = Arrays.copyOf(good, good.length);
        for (int i = 8; i < invalid.length; i++) {
            invalid[i] = (byte) 0xff;
        }
        Files.write(dir.resolve("invalid.wasm"), invalid);
        Files.writeString(dir.resolve("text.wasm"), "(module)\n");
        Files.createDirectory(dir.resolve("a-folder.wasm")); // exists, but cannot be read as a file
    }

    static Stream<Arguments> cases() throws IOException {
        return Files.readAllLines(CORPUS.resolve("expected.tsv"), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("\t", -1))
                .map(c -> Arguments.of(c[0], c[1], c[2]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldNameTheFileTheKeyAndWhatWasExpected(String name, String jsonPath, String expected) {
        String manifest = dir.resolve(name + ".json").toString();
        PluginException e = catchThrowableOfType(PluginException.class, () -> PluginLoader.load(manifest));
        assertThat(e).as("loading %s should fail", name).isNotNull();
        assertThat(e.source()).isEqualTo(manifest);
        assertThat(e.jsonPath()).isEqualTo(jsonPath);
        assertThat(e.getMessage())
                .startsWith(manifest + (jsonPath.isEmpty() ? "" : ": " + jsonPath) + ": ")
                .contains(expected)
                .doesNotContain("\n");
    }
}
