package io.github.flinkwasm.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkwasm.cli.PluginPackager;
import io.github.flinkwasm.datastream.WasmKeyedProcessFunction;
import io.github.flinkwasm.testing.FlinkTests;
import io.github.flinkwasm.testing.TestPlugins;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The process kind through LOAD MODULE, package + CREATE FUNCTION ... USING JAR, and DataStream. */
class ProcessSurfacesITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTests.miniCluster(null);

    @TempDir
    static Path dir;

    static final List<Row> EVENTS = Events.random(1_000, 5, 11);

    static String manifest(String plugin) {
        return TestPlugins.manifest(
                dir, plugin, "process", "", "[{\"name\": \"counts\", " + ProcessFunctionITCase.ROW + "}]");
    }

    static final String QUERY =
            "SELECT * FROM counts(input => TABLE events PARTITION BY k, on_time => DESCRIPTOR(ts), uid => 'c1')";

    @Test
    void loadModule() throws Exception {
        StreamTableEnvironment tEnv = Events.tableEnv(EVENTS, "events");
        tEnv.executeSql("LOAD MODULE wasm WITH ('plugins' = '" + manifest("pmod") + "')");
        assertThat(List.of(tEnv.listFunctions())).contains("counts");
        assertThat(Events.counts(FlinkTests.collect(tEnv.executeSql(QUERY)))).isEqualTo(Events.expectedCounts(EVENTS));
    }

    @Test
    void packagedJar() throws Exception {
        Path jar = dir.resolve("ppkg.jar");
        List<String> classes = PluginPackager.write(manifest("ppkg"), jar, null);
        assertThat(classes).containsExactly("flinkwasm.udf.ppkg.Counts");
        StreamTableEnvironment tEnv = Events.tableEnv(EVENTS, "events");
        tEnv.executeSql("CREATE TEMPORARY FUNCTION counts AS 'flinkwasm.udf.ppkg.Counts' USING JAR '" + jar + "'");
        assertThat(Events.counts(FlinkTests.collect(tEnv.executeSql(QUERY)))).isEqualTo(Events.expectedCounts(EVENTS));
    }

    @Test
    void keyedProcessFunctionOnADataStream() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(FlinkTests.PARALLELISM);
        List<Row> out = env.fromData(EVENTS)
                .returns(Types.ROW_NAMED(new String[] {"k", "v", "ts"}, Types.STRING, Types.INT, Types.INSTANT))
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<Row>forBoundedOutOfOrderness(Duration.ofMillis(2 * Events.DISORDER_MS))
                                .withTimestampAssigner((r, previous) -> ((Instant) r.getField(2)).toEpochMilli()))
                .keyBy(r -> (String) r.getField(0))
                .process(WasmKeyedProcessFunction.<String>of(manifest("pds"), "counts"))
                .executeAndCollect(10_000);
        List<String> got = new ArrayList<>();
        out.forEach(r -> got.add(r.getField(0) + "," + r.getField(1)));
        List<String> expected = new ArrayList<>();
        Events.expectedCounts(EVENTS).forEach(s -> expected.add(s.substring(s.indexOf(',') + 1)));
        got.sort(null);
        expected.sort(null);
        assertThat(got).isEqualTo(expected);
    }
}
