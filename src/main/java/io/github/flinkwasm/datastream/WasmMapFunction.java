package io.github.flinkwasm.datastream;

import io.github.flinkwasm.plugin.Plugin;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;

/**
 * One plugin function as a DataStream map: each element is spread over the function's parameters
 * (a {@code Row}, a {@code Tuple}, an {@code Object[]}, or the single argument itself) and mapped
 * to the result in Java's own classes ({@code Integer}, {@code String}, {@code Row}...). A NULL
 * argument or, with {@code on_error = null}, a failed call maps to null, which most serializers
 * reject: use {@link WasmProcessFunction} to route failures to a side output instead.
 *
 * <pre>{@code
 * DataStream<Integer> fibs = numbers.map(WasmMapFunction.of("udf-samples/plugins/seed.json", "fib"));
 * }</pre>
 */
@PublicEvolving
public class WasmMapFunction<IN, OUT> extends RichMapFunction<IN, OUT> implements ResultTypeQueryable<OUT> {
    private static final long serialVersionUID = 1L;

    private final BoundFunction function;

    public WasmMapFunction(Plugin plugin, String functionName) {
        this.function = new BoundFunction(plugin, functionName);
    }

    /** Loads the plugin of a manifest (path or URI) and maps with one of its functions. */
    public static <IN, OUT> WasmMapFunction<IN, OUT> of(String manifest, String functionName) {
        return new WasmMapFunction<>(TableCommon.load(manifest), functionName);
    }

    /**
     * Like {@link #of(String, String)}, and checks the element and result classes against the
     * function's signature now, while the job is built, rather than at the first element: {@code of(m, "slugify", Double.class,
     * Double.class)} over {@code slugify(STRING) -> STRING} fails here.
     *
     * @throws IllegalArgumentException naming the wrapper, the function and what does not fit
     */
    public static <IN, OUT> WasmMapFunction<IN, OUT> of(
            String manifest, String functionName, Class<IN> in, Class<OUT> out) {
        WasmMapFunction<IN, OUT> f = of(manifest, functionName);
        return f.function.checkTypes(f, in, out);
    }

    @Override
    public void open(OpenContext openContext) {
        function.open(getRuntimeContext());
    }

    @Override
    @SuppressWarnings("unchecked")
    public OUT map(IN element) {
        return (OUT) function.invoke(element);
    }

    @Override
    public void close() {
        function.close();
    }

    @Override
    public TypeInformation<OUT> getProducedType() {
        return function.resultType();
    }
}
