package io.github.flinkwasm.table;

import io.github.flinkwasm.invoke.InstancePool;
import io.github.flinkwasm.metrics.WasmFunctionMetrics;
import io.github.flinkwasm.plugin.Plugin;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.AsyncScalarFunction;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.types.inference.TypeInference;

/**
 * A plugin function as a Flink {@link AsyncScalarFunction}, for slow functions: each subtask runs
 * calls on a pool of {@code instance_num} instances at once, and Flink keeps the rows in order.
 * Streaming mode only (Flink has no asynchronous scalar functions in batch mode); {@code LOAD
 * MODULE} picks it for plugins with {@code instance_num > 1} in streaming mode and {@link
 * WasmScalarFunction} otherwise. How many rows may be in flight is Flink's {@code
 * table.exec.async-scalar.max-concurrent-operations}; set it to at least {@code instance_num}.
 */
public class WasmAsyncScalarFunction extends AsyncScalarFunction {
    private static final long serialVersionUID = 1L;

    private final Plugin plugin;
    private final String functionName;
    private transient InstancePool pool;

    public WasmAsyncScalarFunction(Plugin plugin, String functionName) {
        this.plugin = Objects.requireNonNull(plugin);
        this.functionName = Objects.requireNonNull(functionName);
        plugin.function(functionName); // fails now, naming the plugin, when there is no such function
    }

    @Override
    public void open(FunctionContext context) throws Exception {
        pool = InstancePool.open(
                plugin,
                functionName,
                Math.max(1, plugin.manifest().instanceNum()),
                WasmFunctionMetrics.register(context.getMetricGroup(), plugin.name(), functionName));
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
        return WasmTypes.typeInference(plugin.function(functionName), typeFactory);
    }

    @Override
    public boolean isDeterministic() {
        return plugin.function(functionName).deterministic();
    }

    @Override
    public String toString() {
        return "wasm-async:" + plugin.name() + "." + functionName;
    }
}
