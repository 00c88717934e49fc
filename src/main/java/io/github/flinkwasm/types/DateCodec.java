package io.github.flinkwasm.types;

import java.time.LocalDate;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * {@code DATE}: an {@code i32} of days since 1970-01-01; {@code Integer} days in SQL functions,
 * {@code LocalDate} in Java; ISO {@code 2024-05-01} in JSON.
 */
final class DateCodec extends ValueCodec {
    static final DateCodec INSTANCE = new DateCodec();

    private DateCodec() {
        super(ValueKind.DATE);
    }

    static long toBits(Object v) {
        return v instanceof LocalDate d ? d.toEpochDay() : (Integer) v;
    }

    static Object ofBits(long raw, Representation representation) {
        return switch (representation) {
            case SQL_FUNCTION -> (int) raw;
            case JAVA -> LocalDate.ofEpochDay((int) raw);
        };
    }

    @Override
    public long bits(Object value) {
        return toBits(value);
    }

    @Override
    public Object fromBits(long raw, Representation representation) {
        return ofBits(raw, representation);
    }

    @Override
    void writeJson(JsonWriter out, LogicalType type, Object value) {
        out.string(value instanceof Integer days ? LocalDate.ofEpochDay(days).toString() : value.toString());
    }

    @Override
    Object readJson(JsonReader in, LogicalType type, String at) {
        return temporalJson(in, at, "a date string", LocalDate::parse);
    }

    @Override
    Object fromLiteral(Literal literal, LogicalType type, String at) {
        return temporal(literal, type, at, "DATE", LocalDate::parse);
    }

    @Override
    void writeLiteral(StringBuilder out, LogicalType type, Object value) {
        out.append("DATE '")
                .append(value instanceof Integer days ? LocalDate.ofEpochDay(days) : value)
                .append('\'');
    }

    @Override
    public DataType sqlDataType(DataType declared) {
        return declared.bridgedTo(Integer.class);
    }

    @Override
    public TypeInformation<?> javaTypeInformation(LogicalType type) {
        return Types.LOCAL_DATE;
    }
}
