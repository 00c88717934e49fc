package io.github.flinkwasm.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkwasm.PluginException;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.table.WasmScalarFunction;
import io.github.flinkwasm.testing.FlinkTests;
import io.github.flinkwasm.testing.TestPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.module.CoreModule;
import org.apache.flink.table.module.Module;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin functions named like Flink built-ins: LOAD MODULE refuses them unless asked to override,
 * {@code USE MODULES wasm, core} then calls the plugin's, and the names SQL resolves itself in any
 * order are exactly {@link BuiltInNames#UNREACHABLE}. Each test function is {@code str_reverse}
 * under a built-in's name, so {@code 'abc'} gives {@code 'cba'} when the plugin's is called.
 */
class BuiltInNamesITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = FlinkTests.miniCluster(null);

    /** Names a module in front of core does take over (checked beside the unreachable ones). */
    private static final List<String> REACHABLE =
            List.of("upper", "lower", "initcap", "concat", "md5", "abs", "coalesce", "replace", "reverse", "ltrim");

    @Test
    void shouldRefuseFunctionsTheBuiltInsWouldShadow(@TempDir Path dir) throws IOException {
        Path manifest = manifest(dir, "upper", "trim", "shout");
        TableEnvironment tEnv = FlinkTests.tableEnv();
        assertThatThrownBy(() -> tEnv.executeSql("LOAD MODULE wasm WITH ('plugins' = '" + manifest + "')"))
                .rootCause()
                .isInstanceOf(PluginException.class)
                .hasMessageContaining(manifest + ": 2 problems: ")
                .hasMessageContaining("functions[0]: function 'upper' has the name of Flink's built-in UPPER: after "
                        + "LOAD MODULE the core module comes first and SQL would call the built-in instead; give it "
                        + "another SQL name in the manifest ({\"name\": \"shadow_upper\", \"export\": \"str_reverse\", "
                        + "...}), or load with 'override-built-ins' = 'true' and run USE MODULES wasm, core to call "
                        + "the plugin's")
                .hasMessageContaining("functions[1]: function 'trim' has the name of Flink's built-in TRIM, which SQL "
                        + "resolves itself in any module order");
        // with the override, a name SQL resolves itself is still refused
        assertThatThrownBy(() -> tEnv.executeSql(
                        "LOAD MODULE wasm WITH ('plugins' = '" + manifest + "', 'override-built-ins' = 'true')"))
                .rootCause()
                .hasMessage(manifest + ": functions[1]: function 'trim' has the name of Flink's built-in TRIM, which "
                        + "SQL resolves itself in any module order, so SQL would never call the plugin's; give it "
                        + "another SQL name in the manifest ({\"name\": \"shadow_trim\", \"export\": \"str_reverse\", "
                        + "...})");
    }

    @Test
    void shouldCallThePluginsFunctionOnceTheModuleComesFirst(@TempDir Path dir) throws Exception {
        Path manifest = manifest(dir, "upper", "shout");
        TableEnvironment tEnv = FlinkTests.tableEnv();
        tEnv.executeSql("LOAD MODULE wasm WITH ('plugins' = '" + manifest + "', 'override-built-ins' = 'true')");
        assertThat(FlinkTests.collect(tEnv.executeSql("SELECT upper('abc'), shout('abc')")))
                .containsExactly(Row.of("ABC", "cba")); // core first: the built-in
        tEnv.executeSql("USE MODULES wasm, core");
        assertThat(FlinkTests.collect(tEnv.executeSql("SELECT upper('abc'), UPPER('abc'), shout('abc')")))
                .containsExactly(Row.of("cba", "cba", "cba"));
        assertThat(FlinkTests.collect(tEnv.executeSql("SELECT lower('ABC')"))).containsExactly(Row.of("abc"));
    }

    /**
     * Which built-in names a module in front of core cannot take over. Checks {@link
     * BuiltInNames#UNREACHABLE} and a sample of takeable names; with {@code
     * -Dflinkwasm.builtins=all} every name of the core module (about 250, several minutes), which
     * is how the list was made and how to remake it after a Flink upgrade.
     */
    @Test
    void shouldKnowTheNamesSqlResolvesItself() throws Exception {
        Set<String> core = new TreeSet<>();
        CoreModule.INSTANCE.listFunctions().forEach(n -> core.add(n.toLowerCase(Locale.ROOT)));
        Set<String> names = new TreeSet<>();
        if ("all".equals(System.getProperty("flinkwasm.builtins"))) {
            core.stream().filter(n -> n.matches("[a-z][a-z0-9_]*")).forEach(names::add);
        } else {
            names.addAll(BuiltInNames.UNREACHABLE);
            names.addAll(REACHABLE);
        }
        assertThat(core).containsAll(names);
        TableEnvironment tEnv = FlinkTests.tableEnv();
        tEnv.loadModule("shadow", new ReversingModule(names)); // no LOAD MODULE check in the way
        tEnv.useModules("shadow", "core");
        tEnv.executeSql("CREATE TEMPORARY VIEW t AS SELECT * FROM (VALUES ('abc')) AS v(s)");

        Set<String> unreachable = new TreeSet<>();
        List<String> planned = new ArrayList<>();
        for (String n : names) {
            try {
                tEnv.explainSql(query(n));
                planned.add(n);
            } catch (RuntimeException e) {
                unreachable.add(n); // SQL syntax, or the built-in's own checks
            }
        }
        Map<String, Object> results = new HashMap<>();
        for (Row r : FlinkTests.collect(tEnv.executeSql(String.join(
                " UNION ALL ", planned.stream().map(BuiltInNamesITCase::query).toList())))) {
            results.put((String) r.getField(0), r.getField(1));
        }
        for (String n : planned) {
            if (!"cba".equals(results.get(n))) {
                unreachable.add(n); // planned, but the built-in ran
            }
        }
        Set<String> expected = new TreeSet<>(BuiltInNames.UNREACHABLE);
        expected.retainAll(names);
        assertThat(unreachable).isEqualTo(expected);
    }

    private static String query(String name) {
        return "SELECT '" + name + "' AS n, CAST(" + name + "(s) AS STRING) AS r FROM t";
    }

    /** A plugin whose functions are text_c's str_reverse under these names. */
    private static Path manifest(Path dir, String... names) throws IOException {
        StringBuilder functions = new StringBuilder();
        for (String n : names) {
            functions.append(functions.length() == 0 ? "" : ", ").append(reverse(n));
        }
        return Files.writeString(
                dir.resolve("shadow.json"),
                "{\"name\": \"shadow\", \"vm_config\": {\"path\": \"" + TestPlugins.SAMPLES.resolve("text_c.wasm")
                        + "\"}, \"functions\": [" + functions + "]}");
    }

    private static String reverse(String name) {
        return "{\"name\": \"" + name + "\", \"export\": \"str_reverse\", \"params\": [\"STRING\"], \"returns\": "
                + "\"STRING\"}";
    }

    /** A module of str_reverse under many names, loaded without LOAD MODULE's refusal. */
    private static final class ReversingModule implements Module {
        private final Map<String, FunctionDefinition> functions = new LinkedHashMap<>();

        ReversingModule(Set<String> names) throws IOException {
            Path dir = Files.createTempDirectory("builtins");
            Plugin plugin = PluginLoader.load(
                    manifest(dir, names.toArray(new String[0])).toString());
            for (String n : names) {
                functions.put(n, new WasmScalarFunction(plugin, n));
            }
        }

        @Override
        public Set<String> listFunctions() {
            return functions.keySet();
        }

        @Override
        public Optional<FunctionDefinition> getFunctionDefinition(String name) {
            return Optional.ofNullable(functions.get(name.toLowerCase(Locale.ROOT)));
        }
    }
}
