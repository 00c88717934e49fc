package io.github.flinkwasm.table;

import io.github.flinkwasm.invoke.AggregateInvoker;
import io.github.flinkwasm.manifest.FunctionKind;
import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.types.Representation;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.AggregateFunction;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.types.Row;

/**
 * A plugin function of kind {@code aggregate} as a Flink {@link AggregateFunction} (SPEC section
 * 7). The accumulator is a {@code ROW<acc BYTES>} holding the guest's bytes: Flink keeps it in
 * state with its own row serializer, so checkpoints and savepoints hold it and a restore or a
 * rescale brings it back.
 *
 * <p>Flink's planner looks for {@code retract} and {@code merge} methods on the class, so there is
 * one class per combination of the optional exports: this class has neither; {@link WithRetract},
 * {@link WithMerge} and {@link WithRetractAndMerge} add them. {@link #of} picks the class that
 * fits the plugin, so a query that needs a missing export fails when it is planned, with Flink's
 * message ("Could not find an implementation method 'retract' in class
 * 'io.github.flinkwasm.table.WasmAggregateFunction' for function 'f'"): no method of the function
 * runs when the planner decides that it needs one, so the command line's {@code sql} adds the
 * plugin, the export and why from the plugins it loaded.
 *
 * <pre>{@code
 * tEnv.createTemporarySystemFunction("sumsq", WasmAggregateFunction.of("plugins/stats.json", "sumsq"));
 * }</pre>
 */
@PublicEvolving
public class WasmAggregateFunction extends AggregateFunction<Object, Row> {
    private static final long serialVersionUID = 1L;

    /** The accumulator's SQL type. */
    public static final DataType ACCUMULATOR_TYPE =
            DataTypes.ROW(DataTypes.FIELD("acc", DataTypes.BYTES().notNull())).bridgedTo(Row.class);

    private final PluginRef ref;
    private transient AggregateInvoker invoker;

    protected WasmAggregateFunction(Plugin plugin, String functionName) {
        this.ref = PluginRef.of(plugin, functionName, FunctionKind.AGGREGATE);
    }

    /** For the classes of packaged plugins: the plugin is a resource of the class's jar. */
    protected WasmAggregateFunction(String pluginName, String functionName) {
        this.ref = PluginRef.packaged(pluginName, functionName);
    }

    /** The aggregate function of this plugin, as the class that has the methods its exports allow. */
    public static WasmAggregateFunction of(Plugin plugin, String functionName) {
        FunctionSignature sig = plugin.function(functionName);
        if (sig.retract() && sig.merge()) {
            return new WithRetractAndMerge(plugin, functionName);
        } else if (sig.retract()) {
            return new WithRetract(plugin, functionName);
        } else if (sig.merge()) {
            return new WithMerge(plugin, functionName);
        }
        return new WasmAggregateFunction(plugin, functionName);
    }

    /** Loads the plugin of a manifest (path or URI) and takes one of its aggregate functions. */
    public static WasmAggregateFunction of(String manifest, String functionName) {
        return of(PluginLoader.load(manifest), functionName);
    }

    /** The class {@link #of} picks for a function with these optional exports. */
    public static Class<? extends WasmAggregateFunction> classFor(FunctionSignature sig) {
        if (sig.retract() && sig.merge()) {
            return WithRetractAndMerge.class;
        } else if (sig.retract()) {
            return WithRetract.class;
        } else if (sig.merge()) {
            return WithMerge.class;
        }
        return WasmAggregateFunction.class;
    }

    @Override
    public void open(FunctionContext context) {
        JobLoaderRelease.registerFor(context);
        invoker = ref.function(getClass()).openAggregate(context.getMetricGroup(), Representation.SQL_FUNCTION);
    }

    private AggregateInvoker invoker() {
        if (invoker == null) {
            // not opened: Flink called a method outside a task; no metrics then
            invoker = ref.function(getClass()).openAggregate(null, Representation.SQL_FUNCTION);
        }
        return invoker;
    }

    @Override
    public Row createAccumulator() {
        return Row.of((Object) invoker().create());
    }

    // fixed arities first, as for scalar functions: no argument array per row

    public void accumulate(Row acc, Object a) {
        acc.setField(0, invoker.accumulate(bytes(acc), a));
    }

    public void accumulate(Row acc, Object a, Object b) {
        acc.setField(0, invoker.accumulate(bytes(acc), a, b));
    }

    public void accumulate(Row acc, Object a, Object b, Object c) {
        acc.setField(0, invoker.accumulate(bytes(acc), a, b, c));
    }

    public void accumulate(Row acc, Object... args) {
        acc.setField(0, invoker.accumulate(bytes(acc), args));
    }

    @Override
    public Object getValue(Row acc) {
        return invoker().result(bytes(acc));
    }

    /** For the subclasses that have {@code retract}. */
    protected final void retractRow(Row acc, Object... args) {
        acc.setField(0, invoker.retract(bytes(acc), args));
    }

    /** For the subclasses that have {@code merge}. */
    protected final void mergeAll(Row acc, Iterable<Row> others) {
        byte[] merged = bytes(acc);
        for (Row other : others) {
            merged = invoker().merge(merged, bytes(other));
        }
        acc.setField(0, merged);
    }

    private static byte[] bytes(Row acc) {
        return (byte[]) acc.getField(0);
    }

    @Override
    public void close() {
        if (invoker != null) {
            invoker.close();
            invoker = null;
        }
    }

    @Override
    public TypeInference getTypeInference(DataTypeFactory typeFactory) {
        FunctionSignature sig = signature();
        return WasmTypes.typeInference(
                sig,
                typeFactory,
                WasmTypes.dataType(sig.returnType(), sig.returnKind(), typeFactory),
                ACCUMULATOR_TYPE);
    }

    @Override
    public boolean isDeterministic() {
        return signature().deterministic();
    }

    private FunctionSignature signature() {
        return ref.function(getClass()).signature();
    }

    @Override
    public boolean supportsConstantFolding() {
        return false;
    }

    @Override
    public String toString() {
        return ref.toString();
    }

    /** An aggregate whose plugin exports {@code E_retract}: works over updating inputs. */
    public static class WithRetract extends WasmAggregateFunction {
        private static final long serialVersionUID = 1L;

        protected WithRetract(Plugin plugin, String functionName) {
            super(plugin, functionName);
        }

        protected WithRetract(String pluginName, String functionName) {
            super(pluginName, functionName);
        }

        public void retract(Row acc, Object a) {
            retractRow(acc, a);
        }

        public void retract(Row acc, Object a, Object b) {
            retractRow(acc, a, b);
        }

        public void retract(Row acc, Object... args) {
            retractRow(acc, args);
        }
    }

    /** An aggregate whose plugin exports {@code E_merge}: session windows, two-phase aggregation. */
    public static class WithMerge extends WasmAggregateFunction {
        private static final long serialVersionUID = 1L;

        protected WithMerge(Plugin plugin, String functionName) {
            super(plugin, functionName);
        }

        protected WithMerge(String pluginName, String functionName) {
            super(pluginName, functionName);
        }

        public void merge(Row acc, Iterable<Row> others) {
            mergeAll(acc, others);
        }
    }

    /** An aggregate whose plugin exports both {@code E_retract} and {@code E_merge}. */
    public static class WithRetractAndMerge extends WithRetract {
        private static final long serialVersionUID = 1L;

        protected WithRetractAndMerge(Plugin plugin, String functionName) {
            super(plugin, functionName);
        }

        protected WithRetractAndMerge(String pluginName, String functionName) {
            super(pluginName, functionName);
        }

        public void merge(Row acc, Iterable<Row> others) {
            mergeAll(acc, others);
        }
    }
}
