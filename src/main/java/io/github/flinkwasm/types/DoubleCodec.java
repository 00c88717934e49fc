package io.github.flinkwasm.types;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * {@code DOUBLE}: an {@code f64} by its IEEE bits; {@code Double}. In JSON and literals, NaN and the
 * infinities are spelled out.
 */
final class DoubleCodec extends ValueCodec {
    static final DoubleCodec INSTANCE = new DoubleCodec();

    private DoubleCodec() {
        super(ValueKind.DOUBLE);
    }

    static long toBits(Object v) {
        return Double.doubleToRawLongBits((Double) v);
    }

    static Object ofBits(long raw) {
        return Double.longBitsToDouble(raw);
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
        writeDoubleJson(out, ((Number) value).doubleValue());
    }

    @Override
    Object readJson(JsonReader in, LogicalType type, String at) {
        return in.readDouble(at);
    }

    @Override
    Object fromLiteral(Literal literal, LogicalType type, String at) {
        return number(literal, type, at).doubleValue();
    }

    @Override
    void writeLiteral(StringBuilder out, LogicalType type, Object value) {
        double d = ((Number) value).doubleValue();
        writeFloating(out, type, d, Double.toString(d));
    }

    @Override
    public TypeInformation<?> javaTypeInformation(LogicalType type) {
        return Types.DOUBLE;
    }
}
