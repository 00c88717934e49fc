package io.github.flinkwasm.types;

import java.time.LocalDateTime;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.table.types.logical.LogicalType;

/** {@code TIMESTAMP(p)}: an ISO string such as {@code "2024-05-01T12:30"}; {@code LocalDateTime}. */
final class TimestampCodec extends JsonKindCodec {
    static final TimestampCodec INSTANCE = new TimestampCodec();

    private TimestampCodec() {
        super(ValueKind.TIMESTAMP);
    }

    @Override
    void writeJson(JsonWriter out, LogicalType type, Object value) {
        out.string(value.toString());
    }

    @Override
    Object readJson(JsonReader in, LogicalType type, String at) {
        return temporalJson(in, at, "a timestamp string", LocalDateTime::parse);
    }

    @Override
    Object fromLiteral(Literal literal, LogicalType type, String at) {
        return temporal(literal, type, at, "TIMESTAMP", text -> LocalDateTime.parse(text.replace(' ', 'T')));
    }

    @Override
    void writeLiteral(StringBuilder out, LogicalType type, Object value) {
        LocalDateTime ts = (LocalDateTime) value;
        out.append("TIMESTAMP '")
                .append(ts.toLocalDate())
                .append(' ')
                .append(time(ts.toLocalTime()))
                .append('\'');
    }

    @Override
    public TypeInformation<?> javaTypeInformation(LogicalType type) {
        return Types.LOCAL_DATE_TIME;
    }
}
