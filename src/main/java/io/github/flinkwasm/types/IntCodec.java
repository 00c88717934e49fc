package io.github.flinkwasm.types;

import org.apache.flink.api.common.typeinfo.Types;

/** {@code INT}: an {@code i32}; {@code Integer}. */
final class IntCodec extends IntegralCodec {
    static final IntCodec INSTANCE = new IntCodec();

    private IntCodec() {
        super(ValueKind.INT, Integer.MIN_VALUE, Integer.MAX_VALUE, Types.INT);
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
}
