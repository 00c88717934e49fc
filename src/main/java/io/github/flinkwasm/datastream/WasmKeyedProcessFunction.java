package io.github.flinkwasm.datastream;

import io.github.flinkwasm.invoke.ProcessInvoker;
import io.github.flinkwasm.manifest.FunctionSpec;
import io.github.flinkwasm.metrics.WasmFunctionMetrics;
import io.github.flinkwasm.plugin.Plugin;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * A plugin function of kind {@code process} on a keyed DataStream: the counterpart of the SQL
 * process table function, with the same guest state bytes (a {@code ValueState<byte[]>} named
 * {@value #STATE}, with the manifest's {@code state_ttl_ms}) and event-time timers. Input elements
 * are {@link Row}s with the columns of the manifest's {@code params} ROW (taken by name when the row
 * has names, else by position); output rows are of the {@code returns} type, without the key.
 *
 * <pre>{@code
 * DataStream<Row> sessions = clicks
 *         .keyBy(r -> (String) r.getField("user_id"))
 *         .process(WasmKeyedProcessFunction.of("udf-samples/plugins/sessions.json", "sessions"));
 * }</pre>
 */
@PublicEvolving
public class WasmKeyedProcessFunction<K> extends KeyedProcessFunction<K, Row, Row> implements ResultTypeQueryable<Row> {
    private static final long serialVersionUID = 1L;

    /** The name of the state that holds the guest's bytes. */
    public static final String STATE = "state";

    private final Plugin plugin;
    private final String functionName;
    private transient ProcessInvoker invoker;
    private transient ValueState<byte[]> state;
    private transient Calls calls;
    private transient String[] inputFields;

    public WasmKeyedProcessFunction(Plugin plugin, String functionName) {
        this.plugin = Objects.requireNonNull(plugin);
        this.functionName = Objects.requireNonNull(functionName);
        plugin.function(functionName); // fails now, naming the plugin, when there is no such function
    }

    public static <K> WasmKeyedProcessFunction<K> of(String manifest, String functionName) {
        return new WasmKeyedProcessFunction<>(TableCommon.load(manifest), functionName);
    }

    @Override
    public void open(OpenContext openContext) {
        invoker = ProcessInvoker.open(
                plugin,
                functionName,
                WasmFunctionMetrics.register(getRuntimeContext().getMetricGroup(), plugin.name(), functionName));
        inputFields = invoker.inputType().getFieldNames().toArray(new String[0]);
        ValueStateDescriptor<byte[]> descriptor =
                new ValueStateDescriptor<>(STATE, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        long ttl = spec().stateTtlMs();
        if (ttl > 0) {
            descriptor.enableTimeToLive(
                    StateTtlConfig.newBuilder(Duration.ofMillis(ttl)).build());
        }
        state = getRuntimeContext().getState(descriptor);
        calls = new Calls();
    }

    private FunctionSpec spec() {
        return plugin.manifest().functions().stream()
                .filter(f -> f.name().equals(functionName))
                .findFirst()
                .orElseThrow();
    }

    @Override
    public void processElement(Row value, Context ctx, Collector<Row> out) throws Exception {
        calls.bind(ctx.timerService(), ctx.timestamp(), out);
        store(invoker.process(state.value(), ordered(value), calls));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) throws Exception {
        calls.bind(ctx.timerService(), timestamp, out);
        store(invoker.onTimer(state.value(), timestamp, calls));
    }

    private void store(byte[] next) throws Exception {
        if (next.length == 0) {
            state.clear();
        } else {
            state.update(next);
        }
    }

    private Row ordered(Row input) {
        Set<String> names = input.getFieldNames(false);
        if (names == null) {
            return input;
        }
        Row out = new Row(inputFields.length);
        for (int i = 0; i < inputFields.length; i++) {
            out.setField(i, input.getField(inputFields[i]));
        }
        return out;
    }

    @Override
    public void close() {
        if (invoker != null) {
            invoker.close();
            invoker = null;
        }
    }

    @Override
    public TypeInformation<Row> getProducedType() {
        // a ROW of Java's own classes, as the emitted rows are decoded
        return BoundFunction.javaType(plugin.function(functionName).returnType());
    }

    /** The element's or timer's time, timers and output for one call. */
    private static final class Calls implements ProcessInvoker.Context {
        private TimerService timers;
        private Long time;
        private Collector<Row> out;

        void bind(TimerService t, Long timestamp, Collector<Row> o) {
            timers = t;
            time = timestamp;
            out = o;
        }

        @Override
        public void collect(Row row) {
            out.collect(row);
        }

        @Override
        public boolean hasTime() {
            return time != null;
        }

        @Override
        public void registerTimer(long timestampMs) {
            timers.registerEventTimeTimer(timestampMs);
        }

        @Override
        public void deleteTimer(long timestampMs) {
            timers.deleteEventTimeTimer(timestampMs);
        }

        @Override
        public long watermark() {
            return timers.currentWatermark();
        }

        @Override
        public long time() {
            return time == null ? Long.MIN_VALUE : time;
        }
    }
}
