package io.github.flinkwasm.cli;

import static io.github.flinkwasm.testing.Fibonacci.fib;
import static io.github.flinkwasm.testing.Fibonacci.fibLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkwasm.testing.FlinkTests;
import io.github.flinkwasm.testing.TestPlugins;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A plugin packaged by the command line, used with CREATE FUNCTION ... USING JAR on two subtasks. */
class PackagedFunctionITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = FlinkTests.miniCluster(null);

    @Test
    void shouldRunPackagedFunctionsFromAJarOutsideTheClasspath(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("seed-udf.jar");
        PluginPackager.write(TestPlugins.sample("seed"), jar, null);
        assertThatThrownBy(() -> Class.forName("flinkwasm.udf.seed.Fib")).isInstanceOf(ClassNotFoundException.class);

        TableEnvironment tEnv = FlinkTests.tableEnv();
        tEnv.executeSql("CREATE TEMPORARY FUNCTION fib AS 'flinkwasm.udf.seed.Fib' USING JAR '" + jar + "'");
        tEnv.executeSql("CREATE TEMPORARY FUNCTION fib_array AS 'flinkwasm.udf.seed.FibArray' USING JAR '" + jar + "'");
        FlinkTests.sequence(tEnv, "numbers", 50);

        List<Row> rows = FlinkTests.collect(tEnv.executeSql("SELECT n, fib(n % 20), fib_array(n) FROM numbers"));

        assertThat(rows).hasSize(50);
        for (Row r : rows) {
            int n = (Integer) r.getField(0);
            assertThat(r.getField(1)).isEqualTo(fib(n % 20));
            assertThat(r.getField(2)).isEqualTo(fibLong(n));
        }
    }
}
