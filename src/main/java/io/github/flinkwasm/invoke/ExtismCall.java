package io.github.flinkwasm.invoke;

import io.github.flinkwasm.abi.extism.ExtismHost;
import io.github.flinkwasm.engine.GuestFunction;
import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.plugin.ValueKind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * How the arguments and the result of a function of an Extism plugin cross (SPEC section 8): the
 * arguments become the plugin's input bytes, its output bytes become the result. A single STRING or
 * BYTES parameter is passed as its raw bytes; any other parameter list as a JSON array of the
 * arguments, each encoded as SPEC section 3 encodes values as JSON. A STRING or BYTES result is the
 * raw output; any other result is read from JSON. Not thread-safe: one per invoker.
 */
final class ExtismCall {
    private final ValueKind[] kinds;
    private final JsonCodec[] codecs;
    private final boolean raw;
    private final Results.BytesReader reader;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64);

    ExtismCall(
            FunctionSignature signature,
            List<LogicalType> paramTypes,
            LogicalType returnType,
            String what,
            boolean external) {
        this.kinds = signature.paramKinds().toArray(new ValueKind[0]);
        this.raw = kinds.length == 1 && (kinds[0] == ValueKind.STRING || kinds[0] == ValueKind.BYTES);
        this.codecs = new JsonCodec[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            codecs[i] = new JsonCodec(paramTypes.get(i));
        }
        this.reader = Results.bytesReader(signature.returnKind(), returnType, what, external);
    }

    /** Calls the plugin function with these (non-NULL) arguments and returns its result. */
    Object call(ExtismHost host, GuestFunction function, Object[] values) {
        return reader.read(host.call(function, input(values)));
    }

    /** The plugin's input for these arguments. */
    byte[] input(Object[] values) {
        if (raw) {
            Object v = values[0];
            if (v instanceof byte[]) {
                return (byte[]) v;
            }
            return v instanceof StringData
                    ? ((StringData) v).toBytes()
                    : v.toString().getBytes(StandardCharsets.UTF_8);
        }
        buffer.reset();
        buffer.write('[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                buffer.write(',');
            }
            Object v = values[i];
            if (kinds[i] == ValueKind.DATE && v instanceof Integer) {
                v = LocalDate.ofEpochDay((Integer) v); // Flink's internal form: days since the epoch
            }
            buffer.writeBytes(codecs[i].encode(v));
        }
        buffer.write(']');
        return buffer.toByteArray();
    }
}
