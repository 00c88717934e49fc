package io.github.flinkwasm.cli;

import org.apache.flink.table.types.logical.LogicalType;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

/**
 * Reads a JSON argument of {@code call} with the very codec the invoker uses for JSON-kind values
 * (README, "Values as JSON"), so the command line accepts exactly what a guest would return. That
 * codec is package-private in {@code io.github.flinkwasm.invoke}; it is reached reflectively here
 * until it has a public entry point.
 */
final class JsonValues {
    private static final String CODEC = "io.github.flinkwasm.invoke.JsonCodec";

    private JsonValues() {
        // no instances
    }

    /** The value of this type that a JSON text stands for, as Flink's external classes. */
    static Object decode(String json, LogicalType type, String at) {
        Object codec;
        Method decode;
        try {
            Class<?> c = Class.forName(CODEC, true, JsonValues.class.getClassLoader());
            Constructor<?> ctor = c.getDeclaredConstructor(LogicalType.class);
            ctor.setAccessible(true);
            codec = ctor.newInstance(type);
            decode = c.getDeclaredMethod("decode", byte[].class);
            decode.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("JSON arguments are not available in this build (" + e
                    + "); write the value as a SQL constructor such as ROW(...), ARRAY[...] or MAP[...]", e);
        }
        try {
            return decode.invoke(codec, (Object) json.getBytes(StandardCharsets.UTF_8));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            String where = at.isEmpty() ? "" : (at.startsWith(".") ? at.substring(1) : at) + ": ";
            throw new IllegalArgumentException(where + "the JSON string does not fit " + type.asSummaryString()
                    + ": " + String.valueOf(cause.getMessage()).replace("the result is", "it is"), cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + CODEC + ".decode", e);
        }
    }
}
