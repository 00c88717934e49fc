package io.github.flinkwasm.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkwasm.testing.FlinkTests;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.ProcessTableFunction;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.inference.StateTypeStrategy;
import org.apache.flink.table.types.inference.StaticArgument;
import org.apache.flink.table.types.inference.StaticArgumentTrait;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.table.types.inference.TypeStrategies;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Proves what the process table function kind builds on (docs/ptf.md): Flink 2.3's PTF code
 * generation accepts a function whose type inference is built programmatically (no annotations,
 * no reflective extraction) with one fixed evaluation method {@code eval(Context, Row, Row)}, keyed
 * value state of one {@code BYTES} field with a TTL, and named-less event-time timers handled in
 * {@code onTimer(OnTimerContext, Row)}.
 */
class PtfCodegenProbeITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTests.miniCluster(null);

    /** Counts events per key in 8 bytes of state; a timer 10 s after each event emits the count. */
    public static class GenericPtf extends ProcessTableFunction<Row> {
        private static final long serialVersionUID = 1L;
        private final boolean typedTable;

        public GenericPtf(boolean typedTable) {
            this.typedTable = typedTable;
        }

        @Override
        public TypeInference getTypeInference(DataTypeFactory factory) {
            EnumSet<StaticArgumentTrait> traits =
                    EnumSet.of(StaticArgumentTrait.TABLE, StaticArgumentTrait.SET_SEMANTIC_TABLE);
            StaticArgument input = typedTable
                    ? StaticArgument.table(
                            "input",
                            DataTypes.ROW(
                                    DataTypes.FIELD("k", DataTypes.STRING()),
                                    DataTypes.FIELD("v", DataTypes.INT()),
                                    DataTypes.FIELD("ts", DataTypes.TIMESTAMP_LTZ(3))),
                            false,
                            traits)
                    : StaticArgument.table("input", Row.class, false, traits);
            LinkedHashMap<String, StateTypeStrategy> state = new LinkedHashMap<>();
            DataType stateType = DataTypes.ROW(DataTypes.FIELD("bytes", DataTypes.BYTES()));
            state.put("state", StateTypeStrategy.of(TypeStrategies.explicit(stateType), Duration.ofHours(1)));
            return TypeInference.newBuilder()
                    .staticArguments(input)
                    .stateTypeStrategies(state)
                    .outputTypeStrategy(TypeStrategies.explicit(DataTypes.ROW(
                            DataTypes.FIELD("kind", DataTypes.STRING()), DataTypes.FIELD("n", DataTypes.BIGINT()))))
                    .build();
        }

        public void eval(Context ctx, Row state, Row input) {
            byte[] bytes = (byte[]) state.getField(0);
            long n = bytes == null ? 0 : ByteBuffer.wrap(bytes).getLong();
            state.setField(0, ByteBuffer.allocate(8).putLong(n + 1).array());
            TimeContext<Long> time = ctx.timeContext(Long.class);
            time.registerOnTime(time.time() + 10_000);
            collect(Row.of("row:" + input.getFieldAs("v"), n + 1));
        }

        public void onTimer(OnTimerContext ctx, Row state) {
            byte[] bytes = (byte[]) state.getField(0);
            long n = bytes == null ? -1 : ByteBuffer.wrap(bytes).getLong();
            collect(Row.of("timer", n));
            ctx.clearAllState();
        }
    }

    /** The same function with an evaluation method of varargs. */
    public static class VarargsPtf extends ProcessTableFunction<Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public TypeInference getTypeInference(DataTypeFactory factory) {
            return new GenericPtf(false).getTypeInference(factory);
        }

        public void eval(Context ctx, Object... stateAndInput) {
            collect(Row.of("varargs", (long) stateAndInput.length));
        }
    }

    /** Registers a timer whether or not the call has on_time. */
    public static class TimerPtf extends GenericPtf {
        private static final long serialVersionUID = 1L;

        public TimerPtf() {
            super(false);
        }

        @Override
        public void eval(Context ctx, Row state, Row input) {
            TimeContext<Long> time = ctx.timeContext(Long.class);
            collect(Row.of(
                    "time=" + time.time() + " wm=" + time.currentWatermark() + " col="
                            + ctx.tableSemanticsFor("input").timeColumn(),
                    0L));
            time.registerOnTime(5L);
        }
    }

    private static org.apache.flink.table.api.bridge.java.StreamTableEnvironment streamEnv() {
        var env = org.apache.flink.streaming.api.environment.StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(FlinkTests.PARALLELISM);
        var tEnv = org.apache.flink.table.api.bridge.java.StreamTableEnvironment.create(env);
        tEnv.executeSql("CREATE TEMPORARY VIEW plain AS SELECT * FROM (VALUES ('a', 1, 7), ('b', 2, 8)) AS t(k, v, x)");
        tEnv.executeSql("CREATE TEMPORARY VIEW reordered AS SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t(v, k)");
        return tEnv;
    }

    private static String outcome(org.apache.flink.table.api.TableEnvironment tEnv, String sql) {
        try {
            return FlinkTests.collect(tEnv.executeSql(sql)).toString();
        } catch (Exception e) {
            Throwable t = e;
            StringBuilder sb = new StringBuilder("ERROR");
            while (t != null) {
                sb.append(" | ")
                        .append(t.getClass().getSimpleName())
                        .append(": ")
                        .append(String.valueOf(t.getMessage()).replace('\n', ' '));
                t = t.getCause();
            }
            return sb.toString();
        }
    }

    @Test
    void limits() throws Exception {
        var tEnv = streamEnv();
        tEnv.createTemporarySystemFunction("probe", new GenericPtf(false));
        tEnv.createTemporarySystemFunction("probe_typed", new GenericPtf(true));
        tEnv.createTemporarySystemFunction("varargs", new VarargsPtf());
        tEnv.createTemporarySystemFunction("timer", new TimerPtf());
        // a varargs evaluation method resolves too (Janino picks it when no fixed one matches)
        assertThat(outcome(tEnv, "SELECT * FROM varargs(input => TABLE plain PARTITION BY k)"))
                .isEqualTo("[+I[a, varargs, 2], +I[b, varargs, 2]]");
        // without on_time: no row time, no watermark, time column -1; a timer still fires at end of input
        assertThat(outcome(tEnv, "SELECT * FROM timer(input => TABLE plain PARTITION BY k)"))
                .contains("+I[a, time=null wm=null col=-1, 0]", "+I[a, timer, -1]");
        // set semantics: PARTITION BY is required, and Flink says so
        assertThat(outcome(tEnv, "SELECT * FROM probe(input => TABLE plain)"))
                .contains("Table argument 'input' requires a PARTITION BY clause");
        // a typed table argument matches only a table of exactly that row type (CHAR(1) is not STRING)
        assertThat(outcome(tEnv, "SELECT * FROM probe_typed(input => TABLE plain PARTITION BY k)"))
                .contains("No match found for function signature probe_typed");
        assertThat(outcome(tEnv, "SELECT * FROM probe_typed(input => TABLE reordered PARTITION BY k)"))
                .contains("No match found for function signature probe_typed");
        // mixing a positional table argument with named ones fails inside Calcite
        assertThat(outcome(tEnv, "SELECT * FROM probe(TABLE plain PARTITION BY k, uid => 'x')"))
                .contains("ClassCastException");
    }

    @Test
    void genericEvalWithStateAndTimersResolves() throws Exception {
        var env = org.apache.flink.streaming.api.environment.StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(FlinkTests.PARALLELISM);
        var tEnv = org.apache.flink.table.api.bridge.java.StreamTableEnvironment.create(env);
        tEnv.createTemporarySystemFunction("probe", new GenericPtf(false));
        tEnv.createTemporarySystemFunction("probe_typed", new GenericPtf(true));
        var stream = env.fromData(
                        Row.of("a", 1, Instant.ofEpochMilli(1000)),
                        Row.of("b", 2, Instant.ofEpochMilli(2000)),
                        Row.of("a", 3, Instant.ofEpochMilli(3000)))
                .returns(org.apache.flink.api.common.typeinfo.Types.ROW_NAMED(
                        new String[] {"k", "v", "ts"},
                        org.apache.flink.api.common.typeinfo.Types.STRING,
                        org.apache.flink.api.common.typeinfo.Types.INT,
                        org.apache.flink.api.common.typeinfo.Types.INSTANT));
        tEnv.createTemporaryView(
                "events",
                tEnv.fromDataStream(
                        stream,
                        org.apache.flink.table.api.Schema.newBuilder()
                                .column("k", DataTypes.STRING())
                                .column("v", DataTypes.INT())
                                .column("ts", DataTypes.TIMESTAMP_LTZ(3))
                                .watermark("ts", "ts - INTERVAL '0' SECOND")
                                .build()));
        for (String fn : List.of("probe", "probe_typed")) {
            List<Row> rows = FlinkTests.collect(tEnv.executeSql("SELECT k, kind, n, rowtime FROM " + fn
                    + "(input => TABLE events PARTITION BY k, on_time => DESCRIPTOR(ts), uid => 'p1')"));
            assertThat(rows)
                    .as(fn)
                    .extracting(Row::toString)
                    .containsExactlyInAnyOrder(
                            "+I[a, row:1, 1, 1970-01-01T00:00:01Z]",
                            "+I[a, row:3, 2, 1970-01-01T00:00:03Z]",
                            "+I[a, timer, 2, 1970-01-01T00:00:11Z]",
                            "+I[a, timer, -1, 1970-01-01T00:00:13Z]",
                            "+I[b, row:2, 1, 1970-01-01T00:00:02Z]",
                            "+I[b, timer, 1, 1970-01-01T00:00:12Z]");
        }
    }
}
