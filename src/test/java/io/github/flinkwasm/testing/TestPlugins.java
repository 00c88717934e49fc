package io.github.flinkwasm.testing;

import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the tests find the sample plugins (udf-samples/plugins) and the test guests (src/test/wat:
 * each NAME.wasm is committed beside its NAME.wat; {@code mvn verify -Pguests} rebuilds both).
 */
public final class TestPlugins {
    /** The project's root folder (Surefire runs tests there). */
    public static final Path ROOT = Path.of("").toAbsolutePath();

    public static final Path SAMPLES = ROOT.resolve("udf-samples/plugins");
    public static final Path TEST_WASM = ROOT.resolve("src/test/wat");

    private TestPlugins() {
        // no instances
    }

    /** A manifest of the sample plugins, such as {@code seed}. */
    public static String sample(String name) {
        Path p = SAMPLES.resolve(name + ".json");
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("sample manifest not found: " + p);
        }
        return p.toString();
    }

    public static Plugin loadSample(String name) {
        return PluginLoader.load(sample(name));
    }

    /** A test guest, src/test/wat/NAME.wasm, compiled from NAME.wat beside it. */
    public static Path testModule(String name) {
        Path p = TEST_WASM.resolve(name + ".wasm");
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("test module not found: " + p + " (committed beside src/test/wat/" + name
                    + ".wat; mvn verify -Pguests rebuilds it)");
        }
        return p;
    }

    /**
     * Writes a manifest for a test guest into {@code dir}; {@code vmExtra} and {@code functions}
     * are JSON fragments, such as {@code "\"timeout_ms\": 100"} and {@code "[\"spin\"]"}.
     */
    public static String manifest(Path dir, String plugin, String module, String vmExtra, String functions) {
        return manifest(dir, plugin, 0, module, vmExtra, functions);
    }

    /** The same with {@code "instance_num": instanceNum} (left out when 0). */
    public static String manifest(
            Path dir, String plugin, int instanceNum, String module, String vmExtra, String functions) {
        String json = "{\"name\": \"" + plugin + "\", "
                + (instanceNum == 0 ? "" : "\"instance_num\": " + instanceNum + ", ")
                + "\"vm_config\": {\"engine\": \"chicory\", \"path\": \""
                + testModule(module) + "\"" + (vmExtra.isEmpty() ? "" : ", " + vmExtra) + "}, \"functions\": "
                + functions + "}";
        try {
            Path p = dir.resolve(plugin + ".json");
            Files.writeString(p, json);
            return p.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
