package io.github.flinkwasm.types;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * {@code FLOAT}: an {@code f32} by its IEEE bits; {@code Float}. In JSON and literals, NaN and the
 * infinities are spelled out.
 */
final class FloatCodec extends ValueCodec {
    static final FloatCodec INSTANCE = new FloatCodec();

    private FloatCodec() {
        super(ValueKind.FLOAT);
    }

    static long toBits(Object v) {
        return Float.floatToRawIntBits((Float) v) & 0xFFFFFFFFL;
    }

    static Object ofBits(long raw) {
        return Float.intBitsToFloat((int) raw);
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
        float f = ((Number) value).floatValue();
        writeFloatingJson(out, f, Float.toString(f));
    }

    @Override
    Object readJson(JsonReader in, LogicalType type, String at) {
        return (float) in.readFloating(at);
    }

    @Override
    Object fromLiteral(Literal literal, LogicalType type, String at) {
        return (float) number(literal, type, at).doubleValue();
    }

    @Override
    void writeLiteral(StringBuilder out, LogicalType type, Object value) {
        float f = ((Number) value).floatValue();
        writeFloating(out, type, f, Float.toString(f));
    }

    @Override
    public TypeInformation<?> javaTypeInformation(LogicalType type) {
        return Types.FLOAT;
    }
}
