package io.github.flinkwasm.datastream;

import io.github.flinkwasm.invoke.InstancePool;
import io.github.flinkwasm.plugin.Plugin;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * One plugin function for Flink's {@code AsyncDataStream}: each subtask runs calls on a pool of
 * {@code instance_num} instances at once (the manifest's key; at least 1). Elements and results are
 * handled as in {@link WasmMapFunction}. Unlike SQL's asynchronous calc, nothing is copied around
 * the call, so NULLs are safe here; a pool pays only for slow calls (docs/performance.md).
 *
 * <pre>{@code
 * DataStream<Integer> slow = AsyncDataStream.orderedWait(
 *         numbers, WasmAsyncFunction.<Integer, Integer>of(manifest, "busy"), 1, TimeUnit.MINUTES, 8);
 * }</pre>
 */
@PublicEvolving
public class WasmAsyncFunction<IN, OUT> extends RichAsyncFunction<IN, OUT> implements ResultTypeQueryable<OUT> {
    private static final long serialVersionUID = 1L;

    private final BoundFunction function;
    private transient InstancePool pool;

    public WasmAsyncFunction(Plugin plugin, String functionName) {
        this.function = new BoundFunction(plugin, functionName);
    }

    /** Loads the plugin of a manifest (path or URI) and calls one of its functions. */
    public static <IN, OUT> WasmAsyncFunction<IN, OUT> of(String manifest, String functionName) {
        return new WasmAsyncFunction<>(TableCommon.load(manifest), functionName);
    }

    /**
     * Like {@link #of(String, String)}, and checks the element and result classes against the
     * function's signature now, while the job is built, rather than at the first element.
     *
     * @throws IllegalArgumentException naming the wrapper, the function and what does not fit
     */
    public static <IN, OUT> WasmAsyncFunction<IN, OUT> of(
            String manifest, String functionName, Class<IN> in, Class<OUT> out) {
        WasmAsyncFunction<IN, OUT> f = of(manifest, functionName);
        return f.function.checkTypes(f, in, out);
    }

    @Override
    public void open(OpenContext openContext) {
        pool = function.openPool(getRuntimeContext());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void asyncInvoke(IN element, ResultFuture<OUT> result) {
        CompletableFuture<Object> call = new CompletableFuture<>();
        call.whenComplete((value, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(Collections.singleton((OUT) value));
            }
        });
        pool.submit(function.arguments(element), call);
    }

    @Override
    public TypeInformation<OUT> getProducedType() {
        return function.resultType();
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }
}
