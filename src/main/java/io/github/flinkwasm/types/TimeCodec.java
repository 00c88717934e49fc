package io.github.flinkwasm.types;

import java.time.LocalTime;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.table.types.logical.LogicalType;

/** {@code TIME(p)}: an ISO string such as {@code "12:30:00.5"}; {@code LocalTime}. */
final class TimeCodec extends JsonKindCodec {
    static final TimeCodec INSTANCE = new TimeCodec();

    private TimeCodec() {
        super(ValueKind.TIME);
    }

    @Override
    void writeJson(JsonWriter out, LogicalType type, Object value) {
        out.string(value.toString());
    }

    @Override
    Object readJson(JsonReader in, LogicalType type, String at) {
        return temporalJson(in, at, "a time string", LocalTime::parse);
    }

    @Override
    Object fromLiteral(Literal literal, LogicalType type, String at) {
        return temporal(literal, type, at, "TIME", LocalTime::parse);
    }

    @Override
    void writeLiteral(StringBuilder out, LogicalType type, Object value) {
        out.append("TIME '").append(time((LocalTime) value)).append('\'');
    }

    @Override
    public TypeInformation<?> javaTypeInformation(LogicalType type) {
        return Types.LOCAL_TIME;
    }
}
