package io.github.flinkwasm.types;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.table.types.logical.LogicalType;

/** {@code SMALLINT}: an {@code i32}; {@code Short}. */
final class SmallIntCodec extends ValueCodec {
    static final SmallIntCodec INSTANCE = new SmallIntCodec();

    private SmallIntCodec() {
        super(ValueKind.SMALLINT);
    }

    static long toBits(Object v) {
        return ((Number) v).intValue();
    }

    static Object ofBits(long raw) {
        return (short) raw;
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
        return (short) in.readIntegral(at, Short.MIN_VALUE, Short.MAX_VALUE);
    }

    @Override
    Object fromLiteral(Literal literal, LogicalType type, String at) {
        return (short) integral(literal, type, at, Short.MIN_VALUE, Short.MAX_VALUE);
    }

    @Override
    void writeLiteral(StringBuilder out, LogicalType type, Object value) {
        out.append(value);
    }

    @Override
    public TypeInformation<?> javaTypeInformation(LogicalType type) {
        return Types.SHORT;
    }
}
