package io.github.flinkwasm.types;

import org.apache.flink.api.common.typeinfo.Types;

/** {@code TINYINT}: an {@code i32}; {@code Byte}. */
final class TinyIntCodec extends IntegralCodec {
    static final TinyIntCodec INSTANCE = new TinyIntCodec();

    private TinyIntCodec() {
        super(ValueKind.TINYINT, Byte.MIN_VALUE, Byte.MAX_VALUE, Types.BYTE);
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
}
