package io.github.flinkwasm.module;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkwasm.testing.FlinkTests;
import io.github.flinkwasm.testing.TestPlugins;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.functions.FunctionKind;
import org.apache.flink.table.module.Module;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code instance_num > 1} in the form users write it: {@code LOAD MODULE} keeps every call
 * synchronous, so NULLs survive plans in which Flink 2.3.0's asynchronous calcs would lose them.
 */
class InstanceNumITCase {
    private static final int ROWS = 40;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = FlinkTests.miniCluster(null);

    @TempDir
    Path dir;

    /** A plugin in the form users write it: four instances, nothing else said. */
    private String fourInstances() {
        return TestPlugins.manifest(
                dir,
                "four",
                4,
                "strings",
                "",
                "[{\"name\": \"s_echo\", \"export\": \"echo\", \"params\": [\"STRING\"], \"returns\": \"STRING\"},"
                        + "{\"name\": \"s_len\", \"export\": \"byte_len\", \"params\": [\"STRING\"], \"returns\": \"INT\"}]");
    }

    /** A streaming table environment with the plugin loaded and a table t(n) of 1..ROWS. */
    private TableEnvironment load() throws Exception {
        TableEnvironment tEnv = FlinkTests.tableEnv();
        tEnv.executeSql("LOAD MODULE wasm WITH ('plugins' = '" + fourInstances() + "')");
        FlinkTests.sequence(tEnv, "t", ROWS);
        return tEnv;
    }

    @Test
    void shouldKeepNullsWhenTwoCallsShareAQuery() throws Exception {
        TableEnvironment tEnv = load();
        // the query shape: a column that is NULL on even rows travels past one call of
        // the plugin into a second one (with asynchronous calls Flink 2.3.0 handed it over as '')
        String query = "SELECT n, s_len(CAST(n AS STRING)), "
                + "s_echo(CASE WHEN MOD(n, 2) = 0 THEN CAST(NULL AS STRING) ELSE CAST(n AS STRING) END) FROM t";
        List<Row> rows = FlinkTests.collect(tEnv.executeSql(query));

        assertThat(rows).hasSize(ROWS);
        for (Row r : rows) {
            int n = (Integer) r.getField(0);
            assertThat(r.getField(1)).isEqualTo(String.valueOf(n).length());
            assertThat(r.getField(2)).as("row %d", n).isEqualTo(n % 2 == 0 ? null : String.valueOf(n));
        }
    }

    @Test
    void shouldKeepNullsOfColumnsSelectedBesideACall() throws Exception {
        TableEnvironment tEnv = load();
        // x is computed before the calls and carried past the first one to the result
        String query = "SELECT n, s_len(CAST(n AS STRING)), x, s_echo(x) FROM "
                + "(SELECT n, CASE WHEN MOD(n, 3) = 0 THEN CAST(NULL AS STRING) ELSE CAST(n AS STRING) END AS x FROM t)";
        List<Row> rows = FlinkTests.collect(tEnv.executeSql(query));

        assertThat(rows).hasSize(ROWS);
        for (Row r : rows) {
            int n = (Integer) r.getField(0);
            String x = n % 3 == 0 ? null : String.valueOf(n);
            assertThat(r.getField(2)).as("row %d", n).isEqualTo(x);
            assertThat(r.getField(3)).as("row %d", n).isEqualTo(x);
        }
    }

    @Test
    void shouldPlanSynchronousCallsWhenAPluginHasFourInstances() throws Exception {
        TableEnvironment tEnv = load();
        String plan = tEnv.explainSql("SELECT s_len(CAST(n AS STRING)), s_echo(CAST(n AS STRING)) FROM t");

        assertThat(plan).contains("s_len(").doesNotContain("AsyncCalc");
        Configuration streaming = new Configuration();
        streaming.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        Module module = new WasmModuleFactory()
                .createModule(new FactoryUtil.DefaultModuleContext(
                        Map.of("plugins", fourInstances()),
                        streaming,
                        getClass().getClassLoader()));
        assertThat(module.getFunctionDefinition("s_len").orElseThrow().getKind())
                .isEqualTo(FunctionKind.SCALAR);
    }
}
