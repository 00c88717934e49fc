package io.github.flinkwasm.types;

import org.apache.flink.api.common.typeinfo.Types;

/** {@code BIGINT}: an {@code i64}; {@code Long}. */
final class BigIntCodec extends IntegralCodec {
    static final BigIntCodec INSTANCE = new BigIntCodec();

    private BigIntCodec() {
        super(ValueKind.BIGINT, Long.MIN_VALUE, Long.MAX_VALUE, Types.LONG);
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
}
