package io.github.flinkwasm.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.WasmLoadException;
import io.github.flinkwasm.invoke.FunctionInvoker;
import io.github.flinkwasm.manifest.ManifestReader;
import io.github.flinkwasm.manifest.PluginManifest;
import io.github.flinkwasm.metrics.MetricsRecorder;
import io.github.flinkwasm.testing.TestPlugins;
import io.github.flinkwasm.types.Representation;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Thousands of randomly mutated valid modules through load and call: each one ends in a result or
 * a clean error of ours, never a hang, a JVM error or a raw exception from the engine.
 */
class MutatedModulesFuzzTest {
    private static final int CASES = 10_000;
    private static final long SEED = 20261122L;

    @Test
    @Timeout(240)
    void shouldEndEveryMutatedModuleInAResultOrACleanError() throws IOException {
        String[] modules = {"traps", "loops", "strings"};
        String[] functions = {
            "[\"ok\", \"check\", \"div\"]",
            "[\"add\", \"busy\"]",
            "[{\"name\": \"echo\", \"params\": [\"STRING\"], \"returns\": \"STRING\"}]"
        };
        Object[][] args = {{7}, {1, 2}, {"héllo"}};
        byte[][] originals = new byte[modules.length][];
        for (int i = 0; i < modules.length; i++) {
            originals[i] = Files.readAllBytes(TestPlugins.testModule(modules[i]));
        }
        Random random = new Random(SEED);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int n = 0; n < CASES; n++) {
            int m = n % modules.length;
            byte[] mutated = mutate(originals[m], random);
            boolean compiled = n % 5 == 0; // the compiler is slower to start: a fifth of the cases
            String json = "{\"name\": \"fuzz\", \"vm_config\": {\"path\": \"fuzz.wasm\", \"timeout_ms\": 200, "
                    + "\"max_memory_pages\": 64, \"mode\": \"" + (compiled ? "compiled" : "interpreted")
                    + "\"}, \"functions\": " + functions[m] + "}";
            PluginManifest manifest = ManifestReader.read(json, "fuzz-" + n + ".json", null);
            String outcome;
            try {
                Plugin plugin = PluginLoader.load(manifest, mutated);
                String fn = plugin.functionNames().get(0);
                try (FunctionInvoker invoker =
                        FunctionInvoker.open(plugin, fn, MetricsRecorder.NONE, Representation.JAVA)) {
                    invoker.invoke(args[m]);
                    outcome = "result";
                }
            } catch (WasmLoadException e) { // a PluginException, or an instance that cannot be created
                outcome = "rejected at load";
            } catch (WasmCallException e) {
                outcome = "failed cleanly at call";
            }
            outcomes.merge(outcome, 1, Integer::sum);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
        System.out.println("fuzz cases by outcome: " + outcomes);
        assertThat(outcomes.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(CASES);
        assertThat(outcomes).containsKeys("result", "rejected at load");
    }

    /** One to four random edits: flipped bits, overwritten bytes, a cut, or a duplicated run. */
    private static byte[] mutate(byte[] original, Random random) {
        byte[] b = Arrays.copyOf(original, original.length);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = 8 + random.nextInt(Math.max(1, b.length - 8)); // keep the header: exercise the decoder
            switch (random.nextInt(4)) {
                case 0:
                    b[at] ^= (byte) (1 << random.nextInt(8));
                    break;
                case 1:
                    b[at] = (byte) random.nextInt(256);
                    break;
                case 2:
                    b = Arrays.copyOf(b, at);
                    break;
                default:
                    int len = Math.min(1 + random.nextInt(16), b.length - at);
                    byte[] longer = new byte[b.length + len];
                    System.arraycopy(b, 0, longer, 0, at + len);
                    System.arraycopy(b, at, longer, at + len, b.length - at);
                    b = longer;
            }
            if (b.length <= 8) {
                break;
            }
        }
        return b;
    }
}
