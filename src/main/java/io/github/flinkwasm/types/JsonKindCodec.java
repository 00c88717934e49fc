package io.github.flinkwasm.types;

import io.github.flinkwasm.WasmCallException;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeUtils;

/**
 * The ABI part shared by the kinds that cross as JSON text with the STRING convention; each
 * subclass gives its JSON form and its literal.
 */
abstract class JsonKindCodec extends ValueCodec {

    JsonKindCodec(ValueKind kind) {
        super(kind);
    }

    /** The JSON of a value of Java's classes or of Flink's internal ones. */
    @Override
    public final byte[] toBytes(Object value, LogicalType type) {
        if (LogicalTypeUtils.toInternalConversionClass(type).isInstance(value)) {
            JsonWriter out = new JsonWriter();
            InternalJson.of(type, "$").write(out, value);
            return out.toByteArray();
        }
        return Json.encode(type, value);
    }

    @Override
    public final Object fromBytes(byte[] bytes, LogicalType type, Representation representation) {
        if (representation == Representation.SQL_FUNCTION) {
            return decodeInternal(InternalJson.of(type, "$"), new JsonReader(bytes), bytes, bytes.length);
        }
        try {
            StringCodec.checkUtf8(bytes);
            return Json.decode(type, bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "JSON that does not fit " + type.asSummaryString() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes Flink's internal data (a SQL function's arguments, see {@link #sqlDataType}) through the
     * compiled {@link InternalJson} tree, and Java's classes through {@link #writeJson}: the same
     * text.
     */
    @Override
    public final ArgumentWriter argumentWriter(LogicalType type) {
        JsonWriter out = new JsonWriter(); // one per parameter: no buffer per row
        InternalJson internal = InternalJson.of(type, "$");
        Class<?> internalClass = LogicalTypeUtils.toInternalConversionClass(type);
        return (v, a, s, i, b) -> {
            out.reset();
            if (internalClass.isInstance(v)) {
                internal.write(out, v);
            } else {
                writeJson(out, type, v);
            }
            return b.pass(out.buffer(), 0, out.length(), a, s, i);
        };
    }

    @Override
    public final ResultReader resultReader(LogicalType type, Representation representation, String what) {
        if (representation == Representation.SQL_FUNCTION) {
            InternalJson internal = InternalJson.of(type, "$");
            JsonReader in = new JsonReader(new byte[0]); // one per function: no reader per row
            // when the value read keeps no view of the text, a short text is read into one array
            // per function rather than a new one per row
            byte[] scratch = internal.keepsBytes() ? null : new byte[SCRATCH_BYTES];
            return (raw, i) -> {
                if (raw == NULL_PACKED) {
                    return null;
                }
                byte[] bytes = scratch;
                int length = scratch == null ? -1 : i.takePacked(raw, what, scratch);
                if (length < 0) {
                    bytes = i.takePacked(raw, what);
                    length = bytes.length;
                }
                try {
                    return decodeInternal(internal, in, bytes, length);
                } catch (IllegalArgumentException e) {
                    throw new WasmCallException(what + " returned " + e.getMessage(), e);
                }
            };
        }
        return super.resultReader(type, representation, what); // through fromBytes, as every kind in memory
    }

    /**
     * Flink's internal data of the JSON text in the first {@code length} bytes, as {@link #fromBytes}
     * reads it. Strings without escapes are views of {@code bytes}, which must then not change
     * afterwards (see {@link InternalJson#keepsBytes}).
     */
    private static Object decodeInternal(InternalJson node, JsonReader in, byte[] bytes, int length) {
        try {
            StringCodec.checkUtf8(bytes, length);
            in.reset(bytes, length);
            if (in.atEnd()) {
                throw new IllegalArgumentException(
                        "the text is empty, expected JSON for " + node.type.asSummaryString());
            }
            Object value = node.readValue(in);
            in.expectEnd();
            return value;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "JSON that does not fit " + node.type.asSummaryString() + ": " + e.getMessage(), e);
        } finally {
            in.reset(EMPTY); // no reference to the row's bytes kept
        }
    }

    private static final byte[] EMPTY = new byte[0];

    /** The longest result read into the function's own array (eight bytes per Chicory read). */
    private static final int SCRATCH_BYTES = 256;

    /** Flink's internal class of the type: {@code RowData}, {@code ArrayData}, {@code DecimalData}... */
    @Override
    public final DataType sqlDataType(DataType declared) {
        return declared.bridgedTo(LogicalTypeUtils.toInternalConversionClass(declared.getLogicalType()));
    }

    /** The items of a constructor literal with this keyword. */
    static java.util.List<Literal> items(Literal l, String keyword, LogicalType t, String at, String hint) {
        if (l instanceof Literal.Constructor c && c.keyword().equals(keyword)) {
            return c.items();
        }
        throw mismatch(at, t, l, hint);
    }
}
