package io.github.flinkwasm.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.testing.CountingMetrics;
import io.github.flinkwasm.testing.TestPlugins;
import io.github.flinkwasm.types.Representation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same Extism plugins on the same inputs give the same outputs in flink-wasm as in Extism's own
 * JavaScript host. The calls are in udf-samples/extism/cases.json; what Extism's host gave is in
 * src/test/resources/extism/expected.json, written by udf-samples/extism/differential.mjs (run by
 * the build when node is present, committed so that this test runs without node).
 *
 * <p>Each plugin gets one manifest (WASI on, the case's config, every function a bare name, so
 * STRING in and out); the calls run in order, so vars carry over as in Extism's host. With
 * EXTISM_EXTRA_CASES naming another cases file (and its .expected.json beside it), those calls are
 * checked as well: plugins built with other PDKs.
 */
class ExtismDifferentialTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldAgreeWithExtismsJavaScriptHost() throws IOException {
        int agreed = compare(
                TestPlugins.ROOT.resolve("udf-samples/extism/cases.json"),
                TestPlugins.ROOT.resolve("src/test/resources/extism/expected.json"));
        assertThat(agreed).isGreaterThanOrEqualTo(30);
    }

    @Test
    void shouldAgreeOnTheExtraCasesWhenGiven() throws IOException {
        String extra = System.getenv("EXTISM_EXTRA_CASES");
        if (extra == null || extra.isBlank()) {
            return; // nothing given: the committed cases above are the test
        }
        Path cases = Path.of(extra);
        compare(cases, cases.resolveSibling(cases.getFileName().toString().replace(".json", ".expected.json")));
    }

    /** Runs every call of the cases and compares it with Extism's; returns how many agreed. */
    private int compare(Path casesFile, Path expectedFile) throws IOException {
        JsonNode cases = JSON.readTree(casesFile.toFile());
        JsonNode expected = JSON.readTree(expectedFile.toFile());
        List<String> differences = new ArrayList<>();
        int agreed = 0;
        for (int p = 0; p < cases.get("plugins").size(); p++) {
            JsonNode plugin = cases.get("plugins").get(p);
            JsonNode results = expected.get("plugins").get(p);
            assertThat(results.get("name").asText())
                    .isEqualTo(plugin.get("name").asText());
            Plugin loaded = PluginLoader.load(manifest(plugin));
            Map<String, FunctionInvoker> invokers = new LinkedHashMap<>();
            try {
                for (int c = 0; c < plugin.get("calls").size(); c++) {
                    String function = plugin.get("calls").get(c).get(0).asText();
                    String input = plugin.get("calls").get(c).get(1).asText();
                    JsonNode want = results.get("calls").get(c);
                    FunctionInvoker f = invokers.computeIfAbsent(
                            function, n -> FunctionInvoker.open(loaded, n, new CountingMetrics(), Representation.JAVA));
                    String where = plugin.get("name").asText() + " " + function + "('" + input + "')";
                    String difference = difference(f, input, want);
                    if (difference == null) {
                        agreed++;
                    } else {
                        differences.add(where + ": " + difference);
                    }
                }
            } finally {
                invokers.values().forEach(FunctionInvoker::close);
            }
        }
        assertThat(differences)
                .as("calls where flink-wasm and Extism's host disagree")
                .isEmpty();
        return agreed;
    }

    private static String difference(FunctionInvoker f, String input, JsonNode want) {
        Object got;
        try {
            got = f.invoke(input);
        } catch (WasmCallException e) {
            if (!want.has("error")) {
                return "Extism gave '" + text(want) + "', flink-wasm failed: " + e.getMessage();
            }
            if (want.has("plugin_message")
                    && !e.getMessage().contains(want.get("plugin_message").asText())) {
                return "both failed, but flink-wasm's message lacks the plugin's: " + e.getMessage();
            }
            return null;
        }
        if (want.has("error")) {
            return "Extism failed (" + want.get("error").asText() + "), flink-wasm gave '" + got + "'";
        }
        return text(want).equals(got) ? null : "Extism gave '" + text(want) + "', flink-wasm '" + got + "'";
    }

    private static String text(JsonNode call) {
        return new String(Base64.getDecoder().decode(call.get("output").asText()), StandardCharsets.UTF_8);
    }

    private String manifest(JsonNode plugin) throws IOException {
        ObjectNode m = JSON.createObjectNode();
        String name = "diff_" + plugin.get("name").asText();
        m.put("name", name);
        ObjectNode vm = m.putObject("vm_config");
        vm.put("path", TestPlugins.ROOT.resolve(plugin.get("wasm").asText()).toString());
        vm.put("abi", "extism");
        vm.put("wasi", true);
        m.set("config", plugin.get("config"));
        Set<String> functions = new LinkedHashSet<>();
        plugin.get("calls").forEach(c -> functions.add(c.get(0).asText()));
        functions.forEach(m.putArray("functions")::add);
        Path p = dir.resolve(name + ".json");
        Files.writeString(p, JSON.writeValueAsString(m));
        return p.toString();
    }
}
