package io.github.flinkwasm.table;

import io.github.flinkwasm.invoke.FunctionInvoker;
import io.github.flinkwasm.manifest.FunctionKind;
import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.types.Representation;
import java.lang.reflect.Array;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.TableFunction;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.types.Row;

/**
 * A plugin function of kind {@code table} as a Flink {@link TableFunction} (SPEC section 7): the
 * export returns an {@code ARRAY<returns>} and each element becomes one row, in order. A
 * {@code ROW<...>} type gives one column per field. A NULL argument gives no row without calling
 * the guest; so does a failed call with {@code on_error = null} (counted in {@code errors} and
 * {@code nullResults}).
 *
 * <pre>{@code
 * tEnv.createTemporarySystemFunction("split", WasmTableFunction.of("udf-samples/plugins/tokens.json", "split"));
 * tEnv.executeSql("SELECT word, pos FROM lines, LATERAL TABLE(split(line)) AS t(word, pos)");
 * }</pre>
 */
@PublicEvolving
public class WasmTableFunction extends TableFunction<Object> {
    private static final long serialVersionUID = 1L;

    private final PluginRef ref;
    private transient FunctionInvoker invoker;
    private transient int rowArity;

    public WasmTableFunction(Plugin plugin, String functionName) {
        this.ref = PluginRef.of(plugin, functionName, FunctionKind.TABLE);
    }

    /** For the classes of packaged plugins: the plugin is a resource of the class's jar. */
    protected WasmTableFunction(String pluginName, String functionName) {
        this.ref = PluginRef.packaged(pluginName, functionName);
    }

    /** Loads the plugin of a manifest (path or URI) and takes one of its table functions. */
    public static WasmTableFunction of(String manifest, String functionName) {
        return new WasmTableFunction(PluginLoader.load(manifest), functionName);
    }

    @Override
    public void open(FunctionContext context) {
        JobLoaderRelease.registerFor(context);
        invoker = ref.function(getClass()).open(context.getMetricGroup(), Representation.JAVA);
        FunctionSignature sig = invoker.signature();
        var type = org.apache.flink.table.types.logical.utils.LogicalTypeParser.parse(
                sig.returnType(), WasmTableFunction.class.getClassLoader());
        rowArity =
                type.getTypeRoot() == LogicalTypeRoot.ROW ? type.getChildren().size() : -1;
    }

    // fixed arities first, as for scalar functions: no argument array per row

    public void eval(Object a) {
        emit(invoker.invoke(a));
    }

    public void eval(Object a, Object b) {
        emit(invoker.invoke(a, b));
    }

    public void eval(Object a, Object b, Object c) {
        emit(invoker.invoke(a, b, c));
    }

    public void eval(Object... args) {
        emit(invoker.invoke(args));
    }

    private void emit(Object rows) {
        if (rows == null) {
            return; // a NULL argument, or a failed call with on_error = null
        }
        int n = Array.getLength(rows);
        for (int i = 0; i < n; i++) {
            Object row = Array.get(rows, i);
            collect(row == null && rowArity >= 0 ? new Row(rowArity) : row);
        }
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
        return WasmTypes.typeInference(sig, typeFactory, typeFactory.createDataType(sig.returnType()), null);
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
}
