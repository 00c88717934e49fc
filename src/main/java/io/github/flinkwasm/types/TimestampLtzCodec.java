package io.github.flinkwasm.types;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * {@code TIMESTAMP_LTZ(p)}: an ISO instant such as {@code "2024-05-01T12:30:00Z"}; {@code
 * Instant}. A literal without an offset is UTC; literals print in UTC.
 */
final class TimestampLtzCodec extends JsonKindCodec {
    static final TimestampLtzCodec INSTANCE = new TimestampLtzCodec();

    private TimestampLtzCodec() {
        super(ValueKind.TIMESTAMP_LTZ);
    }

    @Override
    void writeJson(JsonWriter out, LogicalType type, Object value) {
        out.string(value.toString());
    }

    @Override
    Object readJson(JsonReader in, LogicalType type, String at) {
        return temporalJson(in, at, "an instant string ending in Z", Instant::parse);
    }

    @Override
    Object fromLiteral(Literal literal, LogicalType type, String at) {
        return temporal(literal, type, at, "TIMESTAMP_LTZ", TimestampLtzCodec::instant);
    }

    private static Instant instant(String text) {
        String iso = text.replace(' ', 'T');
        if (iso.endsWith("Z") || iso.matches(".*[+-]\\d\\d:\\d\\d$")) {
            return OffsetDateTime.parse(iso).toInstant();
        }
        return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
    }

    @Override
    void writeLiteral(StringBuilder out, LogicalType type, Object value) {
        LocalDateTime utc = LocalDateTime.ofInstant((Instant) value, ZoneOffset.UTC);
        out.append("TIMESTAMP_LTZ '")
                .append(utc.toLocalDate())
                .append(' ')
                .append(time(utc.toLocalTime()))
                .append('\'');
    }

    @Override
    public TypeInformation<?> javaTypeInformation(LogicalType type) {
        return Types.INSTANT;
    }
}
