package io.github.flinkwasm.types;

import org.apache.flink.api.common.typeinfo.Types;

/** {@code SMALLINT}: an {@code i32}; {@code Short}. */
final class SmallIntCodec extends IntegralCodec {
    static final SmallIntCodec INSTANCE = new SmallIntCodec();

    private SmallIntCodec() {
        super(ValueKind.SMALLINT, Short.MIN_VALUE, Short.MAX_VALUE, Types.SHORT);
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
}
