package io.github.flinkwasm.types;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.table.types.logical.LogicalType;

/** {@code INT}: an {@code i32}; {@code Integer}. */
final class IntCodec extends ValueCodec {
    static final IntCodec INSTANCE = new IntCodec();

    private IntCodec() {
        super(ValueKind.INT);
    }

    static long toBits(Object v) {
        return (Integer) v;
    }

    static Object ofBits(long raw) {
        return (int) raw;
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
        return (int) in.readIntegral(at, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    @Override
    Object fromLiteral(Literal literal, LogicalType type, String at) {
        return (int) integral(literal, type, at, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    @Override
    void writeLiteral(StringBuilder out, LogicalType type, Object value) {
        out.append(value);
    }

    @Override
    public TypeInformation<?> javaTypeInformation(LogicalType type) {
        return Types.INT;
    }
}
