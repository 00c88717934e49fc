package io.github.flinkwasm.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.table.WasmProcessTableFunction;
import io.github.flinkwasm.table.WasmScalarFunction;
import io.github.flinkwasm.testing.FlinkTests;
import io.github.flinkwasm.testing.TestPlugins;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The process kind through the Table API, against the hand-written guest src/test/wat/process.wat. */
class ProcessFunctionITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTests.miniCluster(null);

    static final String ROW = "\"params\": [\"ROW<k STRING, v INT, ts TIMESTAMP_LTZ(3)>\"], "
            + "\"returns\": \"ROW<window_end BIGINT, n BIGINT>\", \"kind\": \"process\"";

    @TempDir
    static Path dir;

    static String manifest(String plugin, String vmExtra, String... functions) {
        StringBuilder fs = new StringBuilder("[");
        for (String f : functions) {
            fs.append(fs.length() == 1 ? "" : ", ").append(f);
        }
        return TestPlugins.manifest(
                dir, plugin, "process", vmExtra, fs.append("]").toString());
    }

    static String process(String name, String extra) {
        return "{\"name\": \"" + name + "\", " + ROW + extra + "}";
    }

    static WasmProcessTableFunction function(String plugin, String name, String vmExtra, String extra) {
        return WasmProcessTableFunction.of(manifest(plugin, vmExtra, process(name, extra)), name);
    }

    static String call(String fn, String table, boolean onTime) {
        return "SELECT * FROM " + fn + "(input => TABLE " + table + " PARTITION BY k"
                + (onTime ? ", on_time => DESCRIPTOR(ts)" : "") + ")";
    }

    @Test
    void countsEqualTheJavaReferenceOnOutOfOrderEvents() throws Exception {
        List<Row> events = Events.random(3_000, 7, 42);
        StreamTableEnvironment tEnv = Events.tableEnv(events, "events");
        tEnv.createTemporarySystemFunction("counts", function("pc", "counts", "", ""));
        tEnv.createTemporarySystemFunction("java_counts", new JavaCounts());
        List<String> wasm = Events.counts(FlinkTests.collect(tEnv.executeSql(call("counts", "events", true))));
        List<String> java = Events.counts(FlinkTests.collect(tEnv.executeSql(call("java_counts", "events", true))));
        assertThat(wasm).isEqualTo(java).isEqualTo(Events.expectedCounts(events));
    }

    @Test
    void timeAndWatermarkReachTheGuest() throws Exception {
        List<Row> events = Events.random(50, 2, 7);
        StreamTableEnvironment tEnv = Events.tableEnv(events, "events");
        tEnv.createTemporarySystemFunction("clock", function("pclock", "clock", "", ""));
        List<Row> rows = FlinkTests.collect(tEnv.executeSql(call("clock", "events", true)));
        assertThat(rows).hasSize(50);
        for (Row r : rows) {
            long time = (Long) r.getField(1);
            long watermark = (Long) r.getField(2);
            assertThat(((java.time.Instant) r.getField(3)).toEpochMilli()).isEqualTo(time);
            assertThat(watermark).isLessThan(time); // Long.MIN_VALUE before the first watermark
        }
    }

    @Test
    void stateTtlExpiresState() throws Exception {
        List<Row> rows = List.of(
                Row.of("a", 1, java.time.Instant.ofEpochMilli(1000)),
                Row.of("a", 2, java.time.Instant.ofEpochMilli(2000)),
                Row.of("a", 3, java.time.Instant.ofEpochMilli(3000)));
        StreamTableEnvironment tEnv = Events.slowTableEnv(rows, "events", 1_500);
        tEnv.createTemporarySystemFunction("tally", function("pttl", "tally", "", ", \"state_ttl_ms\": 300"));
        tEnv.createTemporarySystemFunction("tally_kept", function("pkept", "tally", "", ""));
        List<Long> expired = new java.util.ArrayList<>();
        FlinkTests.collect(tEnv.executeSql(call("tally", "events", true)))
                .forEach(r -> expired.add((Long) r.getField(2)));
        List<Long> kept = new java.util.ArrayList<>();
        FlinkTests.collect(tEnv.executeSql(call("tally_kept", "events", true)))
                .forEach(r -> kept.add((Long) r.getField(2)));
        kept.sort(null);
        assertThat(expired).containsExactly(1L, 1L, 1L); // each row finds the state of the last one expired
        assertThat(kept).containsExactly(1L, 2L, 3L);
    }

    @Test
    void timerSetWithoutOnTimeFailsNamingTheFunction() {
        StreamTableEnvironment tEnv = Events.tableEnv(Events.random(10, 2, 1), "events");
        tEnv.createTemporarySystemFunction("counts", function("pnotime", "counts", "", ""));
        assertThatThrownBy(() -> FlinkTests.collect(tEnv.executeSql(call("counts", "events", false))))
                .rootCause()
                .hasMessageContaining("plugin 'pnotime' function 'counts'")
                .hasMessageContaining("called flink_wasm.timer_set")
                .hasMessageContaining("on_time => DESCRIPTOR");
    }

    @Test
    void aRowThatDoesNotFitReturnsFailsNamingTheFunction() {
        StreamTableEnvironment tEnv = Events.tableEnv(Events.random(10, 2, 1), "events");
        tEnv.createTemporarySystemFunction("bad_row", function("pbad", "bad_row", "", ""));
        assertThatThrownBy(() -> FlinkTests.collect(tEnv.executeSql(call("bad_row", "events", true))))
                .rootCause()
                .hasMessageContaining("plugin 'pbad' function 'bad_row'")
                .hasMessageContaining("emitted a row that does not fit returns ROW<window_end BIGINT, n BIGINT>")
                .hasMessageContaining("window_end");
    }

    @Test
    void onErrorNullSkipsTheRowAndKeepsGoing() throws Exception {
        StreamTableEnvironment tEnv = Events.tableEnv(Events.random(10, 2, 1), "events");
        tEnv.createTemporarySystemFunction("bad_row", function("pbadnull", "bad_row", "", ", \"on_error\": \"null\""));
        assertThat(FlinkTests.collect(tEnv.executeSql(call("bad_row", "events", true))))
                .isEmpty();
    }

    @Test
    void stateOverTheMemoryCapFailsNamingTheFunction() {
        StreamTableEnvironment tEnv = Events.tableEnv(Events.random(40, 1, 1), "events");
        tEnv.createTemporarySystemFunction("hog", function("phog", "hog", "\"max_memory_pages\": 8", ""));
        assertThatThrownBy(() -> FlinkTests.collect(tEnv.executeSql(call("hog", "events", true))))
                .hasStackTraceContaining("plugin 'phog' function 'hog'")
                .hasStackTraceContaining("state: ")
                .hasStackTraceContaining("vm_config.max_memory_pages = 8");
    }

    @Test
    void emitOutsideACallFailsNamingTheFunction() {
        String m = manifest(
                "pemit", "", process("counts", ""), "{\"name\": \"bad_emit\", \"params\": [], \"returns\": \"INT\"}");
        StreamTableEnvironment tEnv = Events.tableEnv(Events.random(1, 1, 1), "events");
        tEnv.createTemporarySystemFunction("bad_emit", new WasmScalarFunction(PluginLoader.load(m), "bad_emit"));
        assertThatThrownBy(() -> FlinkTests.collect(tEnv.executeSql("SELECT bad_emit() FROM events")))
                .rootCause()
                .hasMessageContaining("plugin 'pemit' function 'bad_emit'")
                .hasMessageContaining("called flink_wasm.emit outside a call of a process function");
    }

    @Test
    void inputWithoutTheDeclaredColumnsFailsWhenPlanned() {
        StreamTableEnvironment tEnv = Events.tableEnv(Events.random(1, 1, 1), "events");
        tEnv.executeSql("CREATE TEMPORARY VIEW other AS SELECT k, ts FROM events");
        tEnv.createTemporarySystemFunction("counts", function("pcols", "counts", "", ""));
        assertThatThrownBy(() -> tEnv.executeSql(call("counts", "other", true)))
                .hasStackTraceContaining("plugin 'pcols' process function 'counts'")
                .hasStackTraceContaining("has no column 'v'");
    }
}
