package io.github.flinkwasm.table;

import io.github.flinkwasm.invoke.PluginFunction;
import io.github.flinkwasm.invoke.ProcessInvoker;
import io.github.flinkwasm.manifest.FunctionSpec;
import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.plugin.Plugin;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ProcessTableFunction;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.inference.StateTypeStrategy;
import org.apache.flink.table.types.inference.StaticArgument;
import org.apache.flink.table.types.inference.StaticArgumentTrait;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.table.types.inference.TypeStrategies;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeCasts;
import org.apache.flink.types.Row;

/**
 * A plugin function of kind {@code process} as a Flink {@link ProcessTableFunction} (SPEC section
 * 7, docs/ptf.md): one table argument {@code input} with set semantics ({@code PARTITION BY}), the
 * system arguments {@code on_time} and {@code uid}, the guest's state as bytes in one Flink state
 * entry per partition key (with the manifest's {@code state_ttl_ms}), and event-time timers.
 * Subclasses say where the plugin comes from.
 */
@PublicEvolving
public abstract class AbstractWasmProcessTableFunction extends ProcessTableFunction<Row> {
    private static final long serialVersionUID = 1L;

    /** The name of the state entry; {@code ROW<bytes BYTES>}. */
    public static final String STATE = "state";

    private static final DataType STATE_TYPE = DataTypes.ROW(DataTypes.FIELD("bytes", DataTypes.BYTES()));

    private transient ProcessInvoker invoker;
    private transient Calls calls;
    private transient String[] inputFields;

    /** The plugin the function belongs to. */
    protected abstract Plugin plugin();

    /** The function's SQL name within its plugin. */
    protected abstract String functionName();

    @Override
    public void open(FunctionContext context) throws Exception {
        JobLoaderRelease.registerFor(context);
        invoker = new PluginFunction(plugin(), functionName()).openProcess(context.getMetricGroup());
        inputFields = invoker.inputType().getFieldNames().toArray(new String[0]);
        calls = new Calls();
    }

    /** Called by Flink's generated runner for every input row. */
    public void eval(Context ctx, Row state, Row input) {
        Calls c = calls;
        c.bind(ctx, ctx.timeContext(Long.class));
        byte[] next = invoker.process((byte[]) state.getField(0), ordered(input), c);
        store(ctx, state, next);
    }

    /** Called by Flink's generated runner when a timer of the partition key fires. */
    public void onTimer(OnTimerContext ctx, Row state) {
        Calls c = calls;
        TimeContext<Long> time = ctx.timeContext(Long.class);
        c.bind(ctx, time);
        byte[] next = invoker.onTimer((byte[]) state.getField(0), time.time(), c);
        store(ctx, state, next);
    }

    private static void store(Context ctx, Row state, byte[] next) {
        if (next.length == 0) {
            ctx.clearState(STATE);
        } else {
            state.setField(0, next);
        }
    }

    /** The input row with the manifest's columns, in the manifest's order, taken by name. */
    private Row ordered(Row input) {
        String[] names = inputFields;
        Row out = new Row(names.length);
        for (int i = 0; i < names.length; i++) {
            out.setField(i, input.getField(names[i]));
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        if (invoker != null) {
            invoker.close();
            invoker = null;
        }
    }

    @Override
    public TypeInference getTypeInference(DataTypeFactory factory) {
        Plugin plugin = plugin();
        FunctionSignature signature = plugin.function(functionName());
        RowType declared =
                (RowType) factory.createDataType(signature.paramTypes().get(0)).getLogicalType();
        DataType output = factory.createDataType(signature.returnType());
        long ttl = spec(plugin).stateTtlMs();
        LinkedHashMap<String, StateTypeStrategy> state = new LinkedHashMap<>();
        state.put(
                STATE,
                ttl > 0
                        ? StateTypeStrategy.of(TypeStrategies.explicit(STATE_TYPE), Duration.ofMillis(ttl))
                        : StateTypeStrategy.of(TypeStrategies.explicit(STATE_TYPE)));
        return TypeInference.newBuilder()
                .staticArguments(StaticArgument.table(
                        "input",
                        Row.class,
                        false,
                        EnumSet.of(StaticArgumentTrait.TABLE, StaticArgumentTrait.SET_SEMANTIC_TABLE)))
                .stateTypeStrategies(state)
                .outputTypeStrategy(call -> {
                    // checked when the query is planned: the input table has the declared columns
                    List<DataType> args = call.getArgumentDataTypes();
                    if (!args.isEmpty()) {
                        checkInput(plugin, signature, declared, args.get(0).getLogicalType());
                    }
                    return Optional.of(output);
                })
                .build();
    }

    private FunctionSpec spec(Plugin plugin) {
        return plugin.manifest().functions().stream()
                .filter(f -> f.name().equals(functionName()))
                .findFirst()
                .orElseThrow();
    }

    private static void checkInput(Plugin plugin, FunctionSignature f, RowType declared, LogicalType actual) {
        if (!(actual instanceof RowType)) {
            return;
        }
        RowType table = (RowType) actual;
        for (RowType.RowField field : declared.getFields()) {
            int i = table.getFieldNames().indexOf(field.getName());
            String problem = null;
            if (i < 0) {
                problem = "has no column '" + field.getName() + "'";
            } else if (!LogicalTypeCasts.supportsImplicitCast(table.getTypeAt(i), field.getType())) {
                problem = "has column '" + field.getName() + "' of type " + table.getTypeAt(i) + ", which is not "
                        + field.getType();
            }
            if (problem != null) {
                throw new ValidationException("plugin '" + plugin.name() + "' process function '" + f.name()
                        + "' reads the input table's columns " + f.paramTypes().get(0) + " (manifest "
                        + plugin.manifest().source() + "), but the table " + problem + "; its columns are "
                        + table);
            }
        }
    }

    @Override
    public boolean isDeterministic() {
        return plugin().function(functionName()).deterministic();
    }

    @Override
    public String toString() {
        return "wasm:" + plugin().name() + "." + functionName();
    }

    /** The surface side of one call: Flink's context for the row or timer at hand. */
    private final class Calls implements ProcessInvoker.Context {
        private Context ctx;
        private TimeContext<Long> time;
        private Boolean hasTime;

        void bind(Context c, TimeContext<Long> t) {
            ctx = c;
            time = t;
        }

        @Override
        public void collect(Row row) {
            AbstractWasmProcessTableFunction.this.collect(row);
        }

        @Override
        public boolean hasTime() {
            if (hasTime == null) {
                // fixed per query; onTimer runs only after a timer set with time
                hasTime = time.time() != null || ctx.tableSemanticsFor("input").timeColumn() >= 0;
            }
            return hasTime;
        }

        @Override
        public void registerTimer(long timestampMs) {
            time.registerOnTime(timestampMs);
        }

        @Override
        public void deleteTimer(long timestampMs) {
            time.clearTimer(timestampMs);
        }

        @Override
        public long watermark() {
            Long w = time.currentWatermark();
            return w == null ? Long.MIN_VALUE : w;
        }

        @Override
        public long time() {
            Long t = time.time();
            return t == null ? Long.MIN_VALUE : t;
        }
    }
}
