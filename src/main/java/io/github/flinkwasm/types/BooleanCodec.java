package io.github.flinkwasm.types;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.table.types.logical.LogicalType;

/** {@code BOOLEAN}: an {@code i32}, 0 or 1 (any non-zero result is true); {@code Boolean}. */
final class BooleanCodec extends ValueCodec {
    static final BooleanCodec INSTANCE = new BooleanCodec();

    private BooleanCodec() {
        super(ValueKind.BOOLEAN);
    }

    static long toBits(Object v) {
        return ((Boolean) v) ? 1 : 0;
    }

    static Object ofBits(long raw) {
        return ((int) raw) != 0;
    }

    @Override
    public long bits(Object value) {
        return toBits(value);
    }

    @Override
    public Object fromBits(long raw, Representation representation) {
        return ofBits(raw);
    }

    @Override
    void writeJson(JsonWriter out, LogicalType type, Object value) {
        out.bool((Boolean) value);
    }

    @Override
    Object readJson(JsonReader in, LogicalType type, String at) {
        return in.readBoolean(at);
    }

    @Override
    Object fromLiteral(Literal literal, LogicalType type, String at) {
        if (literal instanceof Literal.Bool b) {
            return b.value();
        }
        throw mismatch(at, type, literal, "write TRUE or FALSE");
    }

    @Override
    void writeLiteral(StringBuilder out, LogicalType type, Object value) {
        out.append(((Boolean) value) ? "TRUE" : "FALSE");
    }

    @Override
    public TypeInformation<?> javaTypeInformation(LogicalType type) {
        return Types.BOOLEAN;
    }
}
