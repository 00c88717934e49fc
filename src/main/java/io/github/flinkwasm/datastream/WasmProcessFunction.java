package io.github.flinkwasm.datastream;

import io.github.flinkwasm.GuestInterruptedException;
import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.plugin.Plugin;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * One plugin function over a DataStream, with failed calls routed to a side output instead of
 * failing the job or turning into nulls. Results go to the main output; an element with a NULL
 * argument produces nothing on either.
 *
 * <pre>{@code
 * WasmProcessFunction<Integer, Integer> fib = WasmProcessFunction.of("udf-samples/plugins/seed.json", "fib");
 * SingleOutputStreamOperator<Integer> ok = numbers.process(fib);
 * DataStream<FailedCall<Integer>> failed = ok.getSideOutput(fib.failures());
 * }</pre>
 */
@PublicEvolving
public class WasmProcessFunction<IN, OUT> extends ProcessFunction<IN, OUT> implements ResultTypeQueryable<OUT> {
    private static final long serialVersionUID = 1L;

    private final BoundFunction function;
    private final OutputTag<FailedCall<IN>> failures;

    public WasmProcessFunction(Plugin plugin, String functionName) {
        this.function = new BoundFunction(plugin, functionName);
        this.failures = new OutputTag<>("wasm-failures-" + plugin.name() + "-" + functionName) {};
    }

    public static <IN, OUT> WasmProcessFunction<IN, OUT> of(String manifest, String functionName) {
        return new WasmProcessFunction<>(TableCommon.load(manifest), functionName);
    }

    /**
     * Like {@link #of(String, String)}, and checks the element and result classes against the
     * function's signature now, while the job is built, rather than at the first element.
     *
     * @throws IllegalArgumentException naming the wrapper, the function and what does not fit
     */
    public static <IN, OUT> WasmProcessFunction<IN, OUT> of(
            String manifest, String functionName, Class<IN> in, Class<OUT> out) {
        WasmProcessFunction<IN, OUT> f = of(manifest, functionName);
        return f.function.checkTypes(f, in, out);
    }

    /** The side output that receives elements whose call failed. */
    public OutputTag<FailedCall<IN>> failures() {
        return failures;
    }

    @Override
    public void open(OpenContext openContext) {
        function.open(getRuntimeContext());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void processElement(IN element, Context ctx, Collector<OUT> out) {
        Object result;
        try {
            result = function.invokeOrThrow(element);
        } catch (GuestInterruptedException e) {
            throw e; // the task is being cancelled
        } catch (WasmCallException e) {
            ctx.output(failures, new FailedCall<>(element, e.getMessage()));
            return;
        }
        if (result != null) {
            out.collect((OUT) result);
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
