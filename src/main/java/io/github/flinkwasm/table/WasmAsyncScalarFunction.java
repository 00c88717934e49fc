package io.github.flinkwasm.table;

import io.github.flinkwasm.invoke.InstancePool;
import io.github.flinkwasm.invoke.PluginFunction;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.AsyncScalarFunction;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.types.inference.TypeInference;

/**
 * A plugin function as a Flink {@link AsyncScalarFunction}: each subtask runs calls on a pool of
 * {@code instance_num} instances at once, and Flink keeps the rows in order. With the DataStream
 * API's {@code WasmAsyncFunction}, this is where {@code instance_num} matters, and the only way to
 * asynchronous calls: nothing picks it for you (not {@code LOAD MODULE}, not a packaged function),
 * you register it yourself.
 *
 * <pre>{@code
 * tEnv.createTemporarySystemFunction("slow", WasmAsyncScalarFunction.of("plugins/slow.json", "slow"));
 * }</pre>
 *
 * <p><b>Only for queries that carry no nullable column past the call.</b> Flink 2.3.0's
 * asynchronous calc copies every column it forwards without its NULL flag, so a NULL in such a
 * column comes out as the type's default value ({@code ''}, {@code -1}, ...), in the result or in
 * the argument of a second asynchronous call. The function cannot see the plan it is called in:
 * check {@code EXPLAIN} (every column an {@code AsyncCalc} selects besides the calls must be {@code
 * NOT NULL}). See the README, "Performance".
 *
 * <p>Streaming mode only (Flink has no asynchronous scalar functions in batch mode). A pool pays
 * only for slow calls (the crossover is in docs/performance.md); for cheap ones it is many times
 * slower than {@link WasmScalarFunction}. How many rows may be in flight is Flink's {@code
 * table.exec.async-scalar.max-concurrent-operations}; set it to at least {@code instance_num}.
 */
@PublicEvolving
public class WasmAsyncScalarFunction extends AsyncScalarFunction {
    private static final long serialVersionUID = 1L;

    private final PluginFunction function;
    private transient InstancePool pool;

    public WasmAsyncScalarFunction(Plugin plugin, String functionName) {
        this.function = new PluginFunction(plugin, functionName);
    }

    /** Loads the plugin of a manifest (path or URI) and takes one of its functions. */
    public static WasmAsyncScalarFunction of(String manifest, String functionName) {
        return new WasmAsyncScalarFunction(PluginLoader.load(manifest), functionName);
    }

    @Override
    public void open(FunctionContext context) throws Exception {
        JobLoaderRelease.registerFor(context);
        pool = function.openPool(context.getMetricGroup());
    }

    /** Called by Flink for every row; completes {@code result} from one of the pool's threads. */
    public void eval(CompletableFuture<Object> result, Object... args) {
        for (Object a : args) {
            if (a == null) {
                result.complete(null); // NULL in, NULL out, without a thread hop
                return;
            }
        }
        pool.submit(args, result);
    }

    @Override
    public void close() throws Exception {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    @Override
    public TypeInference getTypeInference(DataTypeFactory typeFactory) {
        return WasmTypes.typeInference(function.signature(), typeFactory);
    }

    @Override
    public boolean isDeterministic() {
        return function.signature().deterministic();
    }

    @Override
    public String toString() {
        return "wasm-async:" + function;
    }
}
