package io.github.flinkwasm.table;

import static io.github.flinkwasm.testing.Fibonacci.fib;
import static org.apache.flink.table.api.Expressions.$;
import static org.apache.flink.table.api.Expressions.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkwasm.testing.FlinkTests;
import io.github.flinkwasm.testing.TestPlugins;
import java.util.List;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TableApiITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = FlinkTests.miniCluster(null);

    @Test
    void shouldCallAPluginFunctionFromTheTableApi() throws Exception {
        TableEnvironment tEnv = FlinkTests.tableEnv();
        FlinkTests.sequence(tEnv, "numbers", 30);
        String manifest = TestPlugins.sample("seed");

        // README: Table API
        tEnv.createTemporarySystemFunction("fib", WasmScalarFunction.of(manifest, "fib"));
        Table fibs = tEnv.from("numbers").select($("n"), call("fib", $("n")).as("fib_n"));

        List<Row> rows = FlinkTests.collect(fibs.execute());
        assertThat(rows).hasSize(30);
        for (Row r : rows) {
            int n = (Integer) r.getField("n");
            assertThat(r.getField("fib_n")).isEqualTo(fib(n));
        }
    }

    @Test
    void shouldResolveSumThroughTheTableApiUnlikeSql() throws Exception {
        TableEnvironment tEnv = FlinkTests.tableEnv();
        FlinkTests.sequence(tEnv, "numbers", 10);
        tEnv.createTemporarySystemFunction("add_ints", WasmScalarFunction.of(TestPlugins.sample("seed"), "add_ints"));
        List<Row> rows = FlinkTests.collect(
                tEnv.from("numbers").select(call("add_ints", $("n"), 100)).execute());
        assertThat(rows)
                .extracting(r -> (Integer) r.getField(0))
                .containsExactlyInAnyOrder(101, 102, 103, 104, 105, 106, 107, 108, 109, 110);
    }
}
