package io.github.flinkwasm.types;

import io.github.flinkwasm.WasmCallException;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * The ABI part shared by the kinds that cross as JSON text with the STRING convention; each
 * subclass gives its JSON form and its literal.
 */
abstract class JsonKindCodec extends ValueCodec {

    JsonKindCodec(ValueKind kind) {
        super(kind);
    }

    @Override
    public final byte[] toBytes(Object value, LogicalType type) {
        return Json.encode(type, value);
    }

    @Override
    public final Object fromBytes(byte[] bytes, LogicalType type, Representation representation) {
        try {
            StringCodec.checkUtf8(bytes);
            return Json.decode(type, bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "JSON that does not fit " + type.asSummaryString() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public final ArgumentWriter argumentWriter(LogicalType type) {
        JsonWriter out = new JsonWriter(); // one per parameter: no buffer per row
        return (v, a, s, i, b) -> {
            out.reset();
            writeJson(out, type, v);
            return b.pass(out.buffer(), 0, out.length(), a, s, i);
        };
    }

    @Override
    public final ResultReader resultReader(LogicalType type, Representation representation, String what) {
        return (raw, i) -> {
            if (raw == NULL_PACKED) {
                return null;
            }
            byte[] bytes = i.takePacked(raw, what);
            try {
                return fromBytes(bytes, type, representation);
            } catch (IllegalArgumentException e) {
                throw new WasmCallException(what + " returned " + e.getMessage(), e);
            }
        };
    }

    /** The items of a constructor literal with this keyword. */
    static java.util.List<Literal> items(Literal l, String keyword, LogicalType t, String at, String hint) {
        if (l instanceof Literal.Constructor c && c.keyword().equals(keyword)) {
            return c.items();
        }
        throw mismatch(at, t, l, hint);
    }
}
