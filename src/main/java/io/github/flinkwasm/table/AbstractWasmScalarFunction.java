package io.github.flinkwasm.table;

import io.github.flinkwasm.invoke.FunctionInvoker;
import io.github.flinkwasm.invoke.PluginFunction;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.types.Representation;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.table.types.inference.TypeInference;

/**
 * A plugin function as a Flink {@link ScalarFunction}. Subclasses say where the plugin comes from.
 * The instance is created in {@link #open} (one per parallel subtask), never while planning: the
 * function is never constant-folded, so no guest code runs in the client.
 */
@PublicEvolving
public abstract class AbstractWasmScalarFunction extends ScalarFunction {
    private static final long serialVersionUID = 1L;

    private transient FunctionInvoker invoker;

    /** The plugin function this SQL function calls. */
    protected abstract PluginFunction function();

    /** The plugin the function belongs to. */
    protected final Plugin plugin() {
        return function().plugin();
    }

    /** The function's SQL name within its plugin. */
    protected final String functionName() {
        return function().name();
    }

    @Override
    public void open(FunctionContext context) throws Exception {
        JobLoaderRelease.registerFor(context);
        invoker = function().open(context.getMetricGroup(), Representation.SQL_FUNCTION);
    }

    /*
     * Called by Flink for every row. The generated code calls the most specific method, so a
     * function of up to three parameters gets a fixed-arity one and no argument array per row.
     */

    public Object eval(Object a) {
        return invoker.invoke(a);
    }

    public Object eval(Object a, Object b) {
        return invoker.invoke(a, b);
    }

    public Object eval(Object a, Object b, Object c) {
        return invoker.invoke(a, b, c);
    }

    public Object eval(Object... args) {
        return invoker.invoke(args);
    }

    @Override
    public void close() throws Exception {
        if (invoker != null) {
            invoker.close();
            invoker = null;
        }
    }

    @Override
    public TypeInference getTypeInference(DataTypeFactory typeFactory) {
        return WasmTypes.typeInference(function().signature(), typeFactory);
    }

    @Override
    public boolean isDeterministic() {
        return function().signature().deterministic();
    }

    @Override
    public boolean supportsConstantFolding() {
        return false;
    }

    @Override
    public String toString() {
        return "wasm:" + function();
    }
}
