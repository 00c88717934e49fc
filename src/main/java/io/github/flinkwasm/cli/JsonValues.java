package io.github.flinkwasm.cli;

import io.github.flinkwasm.invoke.JsonCodec;
import java.nio.charset.StandardCharsets;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * Reads a JSON argument of {@code call} with the codec the invoker uses for JSON-kind values
 * (README, "Values as JSON"), so the command line accepts exactly what a guest would return.
 */
final class JsonValues {
    private JsonValues() {
        // no instances
    }

    /** The value of this type that a JSON text stands for, as Flink's external classes. */
    static Object decode(String json, LogicalType type, String at) {
        try {
            return new JsonCodec(type).decode(json.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            String where = at.isEmpty() ? "" : (at.startsWith(".") ? at.substring(1) : at) + ": ";
            throw new IllegalArgumentException(
                    where + "the JSON string does not fit " + type.asSummaryString() + ": "
                            + String.valueOf(e.getMessage()).replace("the result is", "it is"),
                    e);
        }
    }
}
