package io.github.flinkwasm.types;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * What the integer kinds ({@code TINYINT}, {@code SMALLINT}, {@code INT}, {@code BIGINT}) share: a
 * JSON number or SQL literal is checked against the kind's range and then becomes the kind's class
 * through {@link #fromBits}, which narrows a number in range to it.
 */
abstract class IntegralCodec extends ValueCodec {
    private final long min;
    private final long max;
    private final TypeInformation<?> typeInformation;

    IntegralCodec(ValueKind kind, long min, long max, TypeInformation<?> typeInformation) {
        super(kind);
        this.min = min;
        this.max = max;
        this.typeInformation = typeInformation;
    }

    @Override
    final void writeJson(JsonWriter out, LogicalType type, Object value) {
        out.number(((Number) value).longValue());
    }

    @Override
    final Object readJson(JsonReader in, LogicalType type, String at) {
        return fromBits(in.readIntegral(at, min, max), Representation.JAVA);
    }

    @Override
    final Object fromLiteral(Literal literal, LogicalType type, String at) {
        return fromBits(integral(literal, type, at, min, max), Representation.JAVA);
    }

    @Override
    final void writeLiteral(StringBuilder out, LogicalType type, Object value) {
        out.append(value);
    }

    @Override
    public final TypeInformation<?> javaTypeInformation(LogicalType type) {
        return typeInformation;
    }
}
