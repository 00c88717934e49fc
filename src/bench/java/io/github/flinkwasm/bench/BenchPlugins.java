package io.github.flinkwasm.bench;

import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The plugin every benchmark calls: src/test/wat/bench.wasm (committed beside bench.wat; {@code mvn
 * verify -Pguests} rebuilds it) with one manifest per mode, written into target/bench.
 */
public final class BenchPlugins {
    public static final Path ROOT =
            Path.of(System.getProperty("bench.root", "")).toAbsolutePath();
    public static final Path WASM = ROOT.resolve("src/test/wat/bench.wasm");
    public static final Path DIR = ROOT.resolve("target/bench");

    /** The JSON ROW type of the row benchmark, on both sides of the call. */
    public static final String ROW_TYPE = "ROW<a INT, b STRING>";

    /** The JSON ARRAY type of the top-3 benchmark, on both sides of the call. */
    public static final String ARRAY_TYPE = "ARRAY<DOUBLE>";

    /** A ROW of the other JSON kinds (DECIMAL, TIMESTAMP, MAP), for the per-call benchmark. */
    public static final String MIXED_TYPE = "ROW<d DECIMAL(10, 2), t TIMESTAMP(3), m MAP<STRING, INT>>";

    private BenchPlugins() {
        // no instances
    }

    /**
     * Writes the manifest of plugin {@code name} and returns its path.
     *
     * @param mode {@code compiled} or {@code interpreted}
     * @param timeoutMs {@code vm_config.timeout_ms} (0: no watchdog)
     */
    public static String manifest(String name, String mode, int timeoutMs, int instanceNum) {
        if (!Files.isRegularFile(WASM)) {
            throw new IllegalStateException(
                    WASM + " is missing: it is committed beside bench.wat; mvn verify -Pguests rebuilds it");
        }
        String json = "{\n"
                + "  \"name\": \"" + name + "\",\n"
                + "  \"instance_num\": " + instanceNum + ",\n"
                + "  \"vm_config\": {\"engine\": \"chicory\", \"path\": \"" + WASM + "\", \"mode\": \"" + mode
                + "\", \"timeout_ms\": " + timeoutMs + "},\n"
                + "  \"functions\": [\n"
                + "    {\"name\": \"w_add\", \"export\": \"add\", \"params\": [\"INT\", \"INT\"], \"returns\": \"INT\"},\n"
                + "    {\"name\": \"w_fib\", \"export\": \"fib\", \"params\": [\"INT\"], \"returns\": \"INT\"},\n"
                + "    {\"name\": \"w_upper8\", \"export\": \"upper8\", \"params\": [\"STRING\"], \"returns\": \"STRING\"},\n"
                + "    {\"name\": \"w_top3\", \"export\": \"top3\", \"params\": [\"" + ARRAY_TYPE
                + "\"], \"returns\": \""
                + ARRAY_TYPE + "\"},\n"
                + "    {\"name\": \"w_mixed\", \"export\": \"echo\", \"params\": [\"" + MIXED_TYPE
                + "\"], \"returns\": \""
                + MIXED_TYPE + "\"},\n"
                + "    {\"name\": \"w_upper\", \"export\": \"upper\", \"params\": [\"STRING\"], \"returns\": \"STRING\"},\n"
                + "    {\"name\": \"w_echo\", \"export\": \"echo\", \"params\": [\"STRING\"], \"returns\": \"STRING\"},\n"
                + "    {\"name\": \"w_row\", \"export\": \"echo\", \"params\": [\"" + ROW_TYPE + "\"], \"returns\": \""
                + ROW_TYPE + "\"},\n"
                + "    {\"name\": \"w_busy\", \"export\": \"busy\", \"params\": [\"INT\"], \"returns\": \"INT\"},\n"
                + "    {\"name\": \"w_spin\", \"export\": \"spin\", \"params\": [\"INT\"], \"returns\": \"INT\"}\n"
                + "  ]\n}\n";
        try {
            Files.createDirectories(DIR);
            Path p = DIR.resolve(name + ".json");
            Files.writeString(p, json);
            return p.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Extism echo plugin (built with Extism's AssemblyScript PDK, committed with the tests). */
    /**
     * The table and aggregate test guest (src/test/wat/kinds.wasm): {@code series(n)} emits rows 0
     * to n-1, {@code sumsq} sums squares (with retract and merge).
     */
    public static Plugin kinds() {
        Path wasm = ROOT.resolve("src/test/wat/kinds.wasm");
        String json = "{\"name\": \"kinds\", \"vm_config\": {\"path\": \"" + wasm + "\"}, \"functions\": ["
                + "{\"name\": \"series\", \"kind\": \"table\", \"params\": [\"INT\"], \"returns\": \"INT\"},"
                + "{\"name\": \"sumsq\", \"kind\": \"aggregate\", \"params\": [\"BIGINT\"], \"returns\": \"BIGINT\"}]}";
        try {
            Files.createDirectories(DIR);
            Files.writeString(DIR.resolve("kinds.json"), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return PluginLoader.load(DIR.resolve("kinds.json").toString());
    }

    public static final Path EXTISM_ECHO = ROOT.resolve("src/test/resources/extism/echo.wasm");

    /**
     * Writes the manifest of an Extism plugin {@code name} whose function {@code x_echo} (STRING ->
     * STRING) is the echo plugin's {@code echo}, and loads it.
     */
    public static Plugin loadExtismEcho(String name, String mode, int timeoutMs) {
        String json = "{\"name\": \"" + name + "\", \"vm_config\": {\"engine\": \"chicory\", \"path\": \""
                + EXTISM_ECHO + "\", \"mode\": \"" + mode + "\", \"timeout_ms\": " + timeoutMs
                + ", \"abi\": \"extism\"}, \"functions\": [{\"name\": \"x_echo\", \"export\": \"echo\"}]}\n";
        try {
            Files.createDirectories(DIR);
            Path p = DIR.resolve(name + ".json");
            Files.writeString(p, json);
            return PluginLoader.load(p.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Plugin load(String name, String mode, int timeoutMs, int instanceNum) {
        return PluginLoader.load(manifest(name, mode, timeoutMs, instanceNum));
    }

    /** An ASCII string of {@code n} bytes, mixed case. */
    public static String text(int n) {
        StringBuilder sb = new StringBuilder(n);
        String alphabet = "The quick brown fox jumps over the lazy dog 0123456789 ";
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(i % alphabet.length()));
        }
        return sb.toString();
    }
}
