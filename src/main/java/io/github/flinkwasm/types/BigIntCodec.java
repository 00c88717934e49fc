package io.github.flinkwasm.types;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.table.types.logical.LogicalType;

/** {@code BIGINT}: an {@code i64}; {@code Long}. */
final class BigIntCodec extends ValueCodec {
    static final BigIntCodec INSTANCE = new BigIntCodec();

    private BigIntCodec() {
        super(ValueKind.BIGINT);
    }

    static long toBits(Object v) {
        return (Long) v;
    }

    static Object ofBits(long raw) {
        return raw;
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
        return in.readIntegral(at, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @Override
    Object fromLiteral(Literal literal, LogicalType type, String at) {
        return integral(literal, type, at, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @Override
    void writeLiteral(StringBuilder out, LogicalType type, Object value) {
        out.append(value);
    }

    @Override
    public TypeInformation<?> javaTypeInformation(LogicalType type) {
        return Types.LONG;
    }
}
