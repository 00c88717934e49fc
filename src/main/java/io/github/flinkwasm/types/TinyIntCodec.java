package io.github.flinkwasm.types;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.table.types.logical.LogicalType;

/** {@code TINYINT}: an {@code i32}; {@code Byte}. */
final class TinyIntCodec extends ValueCodec {
    static final TinyIntCodec INSTANCE = new TinyIntCodec();

    private TinyIntCodec() {
        super(ValueKind.TINYINT);
    }

    static long toBits(Object v) {
        return ((Number) v).intValue();
    }

    static Object ofBits(long raw) {
        return (byte) raw;
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
        out.number(((Number) value).longValue());
    }

    @Override
    Object readJson(JsonReader in, LogicalType type, String at) {
        return (byte) in.readIntegral(at, Byte.MIN_VALUE, Byte.MAX_VALUE);
    }

    @Override
    Object fromLiteral(Literal literal, LogicalType type, String at) {
        return (byte) integral(literal, type, at, Byte.MIN_VALUE, Byte.MAX_VALUE);
    }

    @Override
    void writeLiteral(StringBuilder out, LogicalType type, Object value) {
        out.append(value);
    }

    @Override
    public TypeInformation<?> javaTypeInformation(LogicalType type) {
        return Types.BYTE;
    }
}
