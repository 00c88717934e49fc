package io.github.flinkwasm.datastream;

import io.github.flinkwasm.invoke.AggregateInvoker;
import io.github.flinkwasm.invoke.PluginFunction;
import io.github.flinkwasm.manifest.FunctionKind;
import io.github.flinkwasm.metrics.MetricsRecorder;
import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.types.Representation;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * A plugin function of kind {@code aggregate} as a DataStream {@link AggregateFunction}, for
 * windows ({@code window(...).aggregate(...)}). The accumulator is the guest's bytes ({@code
 * byte[]}, in window state); {@code merge} (merging windows such as session windows) needs the
 * plugin's {@code E_merge}. Elements are spread over the parameters as {@link WasmMapFunction}
 * does; an element with a NULL argument is skipped. The result is in Java's own classes.
 *
 * <p>Flink does not open a DataStream aggregate function, so the instance is created on first use
 * and the calls report no metrics. Give Flink the types explicitly:
 *
 * <pre>{@code
 * WasmAggregate<String, Long> distinct =
 *         WasmAggregate.of("udf-samples/plugins/kinds_c.json", "c_approx_distinct", String.class, Long.class);
 * stream.keyBy(...).window(...).aggregate(distinct, distinct.accumulatorType(), distinct.resultType());
 * }</pre>
 */
@PublicEvolving
public class WasmAggregate<IN, OUT> implements AggregateFunction<IN, byte[], OUT> {
    private static final long serialVersionUID = 1L;

    private final Plugin plugin;
    private final String functionName;
    private transient AggregateInvoker invoker;

    public WasmAggregate(Plugin plugin, String functionName) {
        this.plugin = Objects.requireNonNull(plugin);
        this.functionName = Objects.requireNonNull(functionName);
        PluginFunction.of(plugin, functionName, FunctionKind.AGGREGATE);
    }

    /** Loads the plugin of a manifest (path or URI) and takes one of its aggregate functions. */
    public static <IN, OUT> WasmAggregate<IN, OUT> of(String manifest, String functionName) {
        return new WasmAggregate<>(TableCommon.load(manifest), functionName);
    }

    /**
     * Like {@link #of(String, String)}, and checks the element and result classes against the
     * function's signature now, while the job is built, rather than at the first element.
     *
     * @throws IllegalArgumentException naming the wrapper, the function and what does not fit
     */
    public static <IN, OUT> WasmAggregate<IN, OUT> of(
            String manifest, String functionName, Class<IN> in, Class<OUT> out) {
        WasmAggregate<IN, OUT> f = of(manifest, functionName);
        BoundFunction.checkTypes("WasmAggregate", f.signature(), in, out);
        return f;
    }

    private AggregateInvoker invoker() {
        if (invoker == null) {
            invoker = AggregateInvoker.open(plugin, functionName, new MetricsRecorder() {}, Representation.JAVA);
        }
        return invoker;
    }

    @Override
    public byte[] createAccumulator() {
        return invoker().create();
    }

    @Override
    public byte[] add(IN element, byte[] acc) {
        return invoker()
                .accumulate(
                        acc,
                        BoundFunction.spread(element, signature().paramKinds().size()));
    }

    @Override
    @SuppressWarnings("unchecked")
    public OUT getResult(byte[] acc) {
        return (OUT) invoker().result(acc);
    }

    @Override
    public byte[] merge(byte[] a, byte[] b) {
        return invoker().merge(a, b);
    }

    private FunctionSignature signature() {
        return plugin.function(functionName);
    }

    /** The accumulator's type: the guest's bytes. */
    public TypeInformation<byte[]> accumulatorType() {
        return org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
    }

    /** The result's type, in Java's own classes. */
    public TypeInformation<OUT> resultType() {
        return BoundFunction.javaType(signature().returnType());
    }
}
