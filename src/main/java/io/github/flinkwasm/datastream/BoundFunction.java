package io.github.flinkwasm.datastream;

import io.github.flinkwasm.invoke.FunctionInvoker;
import io.github.flinkwasm.invoke.InstancePool;
import io.github.flinkwasm.invoke.PluginFunction;
import io.github.flinkwasm.manifest.FunctionKind;
import io.github.flinkwasm.metrics.WasmFunctionMetrics;
import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.types.Representation;
import io.github.flinkwasm.types.ValueKind;
import java.io.Serializable;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.apache.flink.types.Row;

/**
 * What the DataStream wrappers share: the plugin function, the subtask's invoker (values in Java's
 * own classes), and how a stream element is spread over the function's parameters.
 */
final class BoundFunction implements Serializable {
    private static final long serialVersionUID = 1L;

    private final PluginFunction function;
    private transient FunctionInvoker invoker;

    BoundFunction(Plugin plugin, String functionName) {
        this.function = new PluginFunction(plugin, functionName);
    }

    /** Opens the subtask's invoker, reporting to the subtask's metric group. */
    void open(RuntimeContext context) {
        invoker = function.open(context.getMetricGroup(), Representation.JAVA);
    }

    /**
     * Opens the subtask's pool of {@code instance_num} invokers instead of one, for {@link
     * WasmAsyncFunction}; calls then go through {@link #submit}.
     */
    InstancePool openPool(RuntimeContext context) {
        Plugin plugin = function.plugin();
        return InstancePool.open(
                plugin,
                function.name(),
                Math.max(1, plugin.manifest().instanceNum()),
                WasmFunctionMetrics.register(context.getMetricGroup(), plugin.name(), function.name()),
                Representation.JAVA);
    }

    /** Calls the function on a stream element; {@code on_error} applies. Results in Java's classes. */
    Object invoke(Object element) {
        return invoker.invoke(arguments(element));
    }

    /** Calls the function on a stream element; a failed call throws whatever {@code on_error} says. */
    Object invokeOrThrow(Object element) {
        return invoker.invokeOrThrow(arguments(element));
    }

    void close() {
        if (invoker != null) {
            invoker.close();
            invoker = null;
        }
    }

    /** The DataStream type of the function's result (of one row, for a table function), in Java's own classes. */
    <T> TypeInformation<T> resultType() {
        return javaType(function.signature().returnType());
    }

    /** The DataStream type of values of a SQL type, in Java's own classes. */
    @SuppressWarnings("unchecked")
    static <T> TypeInformation<T> javaType(String sqlType) {
        LogicalType t = LogicalTypeParser.parse(sqlType, BoundFunction.class.getClassLoader());
        return (TypeInformation<T>) ValueKind.of(t).codec().javaTypeInformation(t);
    }

    /**
     * A {@link Row} or {@link Tuple} gives one argument per field and an {@code Object[]} one per
     * element; any other element is the single argument of a one-parameter function.
     */
    Object[] arguments(Object element) {
        Object[] args = spread(element, function.signature().paramKinds().size());
        Class<?>[] classes = paramClasses;
        if (classes == null) {
            classes = paramClasses = paramClasses(function.signature());
        }
        for (int i = 0; i < args.length; i++) {
            if (args[i] != null && !classes[i].isInstance(args[i])) {
                throw new IllegalArgumentException(describe(function.signature()) + ": argument " + (i + 1) + " is a "
                        + args[i].getClass().getSimpleName() + " (" + shown(args[i]) + "), but parameter " + (i + 1)
                        + " is " + function.signature().paramTypes().get(i) + ", which takes a "
                        + classes[i].getSimpleName() + "; convert the element first (the function never sees it "
                        + "converted silently)");
            }
        }
        return args;
    }

    /**
     * Checks the element and result classes a job declares against the function's signature, when
     * the job is built: the one check of every wrapper's {@code of(manifest, name, In.class,
     * Out.class)}.
     *
     * @param wrapper the wrapper's name for messages, such as {@code WasmMapFunction}
     * @param out the class of one result (of one emitted row, for a table function)
     * @throws IllegalArgumentException saying which side does not fit and what would
     */
    static void checkTypes(String wrapper, FunctionSignature f, Class<?> in, Class<?> out) {
        Class<?>[] params = paramClasses(f);
        String what = wrapper + "<" + in.getSimpleName() + ", " + out.getSimpleName() + "> over " + describe(f);
        if (params.length == 1) {
            if (!params[0].isAssignableFrom(in)) {
                throw new IllegalArgumentException(
                        what + ": the input " + in.getSimpleName() + " does not fit parameter "
                                + f.paramTypes().get(0) + ", which takes a " + params[0].getSimpleName());
            }
        } else if (!Row.class.isAssignableFrom(in) && !Tuple.class.isAssignableFrom(in) && !Object[].class.equals(in)) {
            throw new IllegalArgumentException(what + ": the function takes " + params.length + " arguments, so the "
                    + "input must be a Row, a Tuple or an Object[] with one field per parameter, not "
                    + in.getSimpleName());
        }
        Class<?> result = javaType(f.returnType()).getTypeClass();
        if (!out.isAssignableFrom(result)) {
            throw new IllegalArgumentException(
                    what + ": the function " + (f.kind() == FunctionKind.TABLE ? "emits rows of " : "returns ")
                            + f.returnType() + " as a " + result.getSimpleName() + ", not a " + out.getSimpleName());
        }
    }

    /** {@link #checkTypes(String, FunctionSignature, Class, Class)} for this function; returns the wrapper. */
    <W> W checkTypes(W wrapper, Class<?> in, Class<?> out) {
        checkTypes(wrapper.getClass().getSimpleName(), function.signature(), in, out);
        return wrapper;
    }

    private transient Class<?>[] paramClasses;

    private static Class<?>[] paramClasses(FunctionSignature f) {
        Class<?>[] out = new Class<?>[f.paramTypes().size()];
        for (int i = 0; i < out.length; i++) {
            Class<?> c = javaType(f.paramTypes().get(i)).getTypeClass();
            out[i] = c.isPrimitive() ? boxed(c) : c;
        }
        return out;
    }

    private static Class<?> boxed(Class<?> c) {
        return java.lang.invoke.MethodType.methodType(c).wrap().returnType();
    }

    private static String describe(FunctionSignature f) {
        return f.name() + "(" + String.join(", ", f.paramTypes()) + ") -> " + f.returnType();
    }

    private static String shown(Object v) {
        String s = v instanceof Object[] ? java.util.Arrays.deepToString((Object[]) v) : String.valueOf(v);
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /** {@link #arguments} for a function of {@code params} parameters. */
    static Object[] spread(Object element, int params) {
        Object[] args;
        if (element instanceof Row row) {
            args = new Object[row.getArity()];
            for (int i = 0; i < args.length; i++) {
                args[i] = row.getField(i);
            }
        } else if (element instanceof Tuple t) {
            args = new Object[t.getArity()];
            for (int i = 0; i < args.length; i++) {
                args[i] = t.getField(i);
            }
        } else if (element instanceof Object[] array) {
            args = array;
        } else {
            args = new Object[] {element};
        }
        if (args.length != params) {
            throw new IllegalArgumentException("the function takes " + params + " arguments, but the element " + element
                    + " gives " + args.length);
        }
        return args;
    }
}
