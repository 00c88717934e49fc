package io.github.flinkwasm.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.testing.FlinkTests;
import io.github.flinkwasm.testing.KindsPlugin;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Table and aggregate functions of a hand-written guest through SQL, on a MiniCluster. */
class KindsSqlITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = FlinkTests.miniCluster(null);

    @TempDir
    static Path dir;

    static Plugin plugin;

    @BeforeAll
    static void load() {
        plugin = PluginLoader.load(KindsPlugin.manifest(dir));
    }

    private static TableEnvironment env() {
        TableEnvironment tEnv = FlinkTests.tableEnv();
        tEnv.createTemporarySystemFunction("split", new WasmTableFunction(plugin, "split"));
        tEnv.createTemporarySystemFunction("split_pos", new WasmTableFunction(plugin, "split_pos"));
        tEnv.createTemporarySystemFunction("sumsq", WasmAggregateFunction.of(plugin, "sumsq"));
        return tEnv;
    }

    @Test
    void shouldGiveOneRowPerElement() throws Exception {
        TableEnvironment tEnv = env();
        List<Row> rows = FlinkTests.collect(tEnv.executeSql("SELECT id, word FROM (VALUES (1, 'a bb'), (2, ''),"
                + " (3, CAST(NULL AS STRING)), (4, 'x')) AS t(id, line), LATERAL TABLE(split(line)) AS s(word)"));
        assertThat(rows).map(Row::toString).containsExactlyInAnyOrder("+I[1, a]", "+I[1, bb]", "+I[4, x]");
        rows = FlinkTests.collect(tEnv.executeSql("SELECT id, token, pos FROM (VALUES (1, 'a bb')) AS t(id, line)"
                + " LEFT JOIN LATERAL TABLE(split_pos(line)) ON TRUE"));
        assertThat(rows).map(Row::toString).containsExactly("+I[1, a, 0]", "+I[1, bb, 1]");
    }

    @Test
    void shouldAggregateWithRetractions() throws Exception {
        TableEnvironment tEnv = env();
        FlinkTests.sequence(tEnv, "numbers", 100);
        // an updating input: the inner GROUP BY changes its rows as numbers arrive
        List<Row> rows = FlinkTests.collect(tEnv.executeSql("SELECT k, sumsq(c) FROM (SELECT MOD(n, 7) AS k,"
                + " CAST(COUNT(*) AS BIGINT) AS c FROM numbers GROUP BY MOD(n, 7)) GROUP BY k"));
        // the changelog collected as a final table
        java.util.Map<Object, Object> last = new java.util.HashMap<>();
        for (Row r : rows) {
            if (r.getKind() == org.apache.flink.types.RowKind.INSERT
                    || r.getKind() == org.apache.flink.types.RowKind.UPDATE_AFTER) {
                last.put(r.getField(0), r.getField(1));
            } else {
                last.remove(r.getField(0));
            }
        }
        assertThat(last).hasSize(7);
        assertThat(last.get(0)).isEqualTo(14L * 14L);
        assertThat(last.get(1)).isEqualTo(15L * 15L);
    }
}
