package io.github.flinkwasm.invoke;

import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.abi.extism.ExtismHost;
import io.github.flinkwasm.engine.GuestFunction;
import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.types.Json;
import io.github.flinkwasm.types.JsonWriter;
import io.github.flinkwasm.types.Numbers;
import io.github.flinkwasm.types.Representation;
import io.github.flinkwasm.types.ValueKind;
import java.util.List;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * How the arguments and the result of a function of an Extism plugin cross (SPEC section 8): the
 * arguments become the plugin's input bytes, its output bytes become the result. A single STRING or
 * BYTES parameter is passed as its raw bytes; any other parameter list as a JSON array of the
 * arguments, each in its JSON form (SPEC section 3). A STRING or BYTES result is the raw output;
 * any other result is read from JSON. The values' own codecs do each part. Not thread-safe: one per
 * invoker.
 */
final class ExtismCall {
    private final ValueKind[] kinds;
    private final LogicalType[] paramTypes;
    private final boolean raw;
    private final ValueKind resultKind;
    private final LogicalType resultType;
    private final Representation representation;
    private final String what;
    private final JsonWriter json = new JsonWriter();

    ExtismCall(
            FunctionSignature signature,
            List<LogicalType> paramTypes,
            LogicalType returnType,
            String what,
            Representation representation) {
        this.kinds = signature.paramKinds().toArray(new ValueKind[0]);
        this.paramTypes = paramTypes.toArray(new LogicalType[0]);
        this.raw = kinds.length == 1 && (kinds[0] == ValueKind.STRING || kinds[0] == ValueKind.BYTES);
        this.resultKind = signature.returnKind();
        this.resultType = returnType;
        this.representation = representation;
        this.what = what;
    }

    /** Calls the plugin function with these (non-NULL) arguments and returns its result. */
    Object call(ExtismHost host, GuestFunction function, Object[] values) {
        return result(host.call(function, input(values)));
    }

    /** The plugin's input for these arguments. */
    byte[] input(Object[] values) {
        if (raw) {
            return kinds[0].codec().toBytes(values[0], paramTypes[0]);
        }
        json.reset();
        json.beginArray();
        for (int i = 0; i < values.length; i++) {
            Json.write(json, paramTypes[i], values[i]);
        }
        json.endArray();
        return json.toByteArray();
    }

    /** The result the plugin's output stands for. */
    Object result(byte[] output) {
        try {
            if (resultKind.inMemory()) {
                // STRING and BYTES as they are, the JSON kinds from JSON: as their codecs read memory results
                return resultKind.codec().fromBytes(output, resultType, representation);
            }
            // a number kind (INT, DATE, BOOLEAN, DOUBLE...) from its JSON form
            Object value = Json.decode(resultType, output);
            return value == null
                    ? null
                    : Numbers.value(resultKind, resultKind.codec().bits(value), representation);
        } catch (IllegalArgumentException e) {
            throw new WasmCallException(
                    what + " returned "
                            + (resultKind.inMemory()
                                    ? e.getMessage()
                                    : "JSON that does not fit " + resultType.asSummaryString() + ": " + e.getMessage()),
                    e);
        }
    }
}
