package io.github.flinkwasm.datastream;

import io.github.flinkwasm.invoke.PluginFunction;
import io.github.flinkwasm.manifest.FunctionKind;
import io.github.flinkwasm.plugin.Plugin;
import java.lang.reflect.Array;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.util.Collector;

/**
 * A plugin function of kind {@code table} as a DataStream flatMap: each element is spread over
 * the parameters (as {@link WasmMapFunction} does) and each element of the returned array is
 * emitted, in order, in Java's own classes ({@code String}, {@code Row} for a {@code ROW} type...).
 * A NULL argument, or a failed call with {@code on_error = null}, emits nothing.
 *
 * <pre>{@code
 * DataStream<Row> tokens = lines.flatMap(
 *         WasmFlatMapFunction.of("udf-samples/plugins/kinds_c.json", "c_tokens", String.class, Row.class));
 * }</pre>
 */
@PublicEvolving
public class WasmFlatMapFunction<IN, OUT> extends RichFlatMapFunction<IN, OUT> implements ResultTypeQueryable<OUT> {
    private static final long serialVersionUID = 1L;

    private final BoundFunction function;

    public WasmFlatMapFunction(Plugin plugin, String functionName) {
        PluginFunction.of(plugin, functionName, FunctionKind.TABLE); // a flatMap needs a table function
        this.function = new BoundFunction(plugin, functionName);
    }

    /** Loads the plugin of a manifest (path or URI) and flat-maps with one of its table functions. */
    public static <IN, OUT> WasmFlatMapFunction<IN, OUT> of(String manifest, String functionName) {
        return new WasmFlatMapFunction<>(TableCommon.load(manifest), functionName);
    }

    /**
     * Like {@link #of(String, String)}, and checks the element and result classes against the
     * function's signature now, while the job is built, rather than at the first element ({@code out} is the class of one emitted row).
     *
     * @throws IllegalArgumentException naming the wrapper, the function and what does not fit
     */
    public static <IN, OUT> WasmFlatMapFunction<IN, OUT> of(
            String manifest, String functionName, Class<IN> in, Class<OUT> out) {
        WasmFlatMapFunction<IN, OUT> f = of(manifest, functionName);
        return f.function.checkTypes(f, in, out);
    }

    @Override
    public void open(OpenContext openContext) {
        function.open(getRuntimeContext());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void flatMap(IN element, Collector<OUT> out) {
        Object rows = function.invoke(element);
        if (rows == null) {
            return;
        }
        int n = Array.getLength(rows);
        for (int i = 0; i < n; i++) {
            out.collect((OUT) Array.get(rows, i));
        }
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
