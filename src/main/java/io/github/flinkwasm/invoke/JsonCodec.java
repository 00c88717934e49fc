package io.github.flinkwasm.invoke;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.MultisetType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.types.Row;

/**
 * SQL values of structured and temporal types as JSON text, both ways (README, "Values as JSON").
 * Works on Flink's default external classes ({@link Row}, {@link BigDecimal}, {@link
 * LocalDateTime}, arrays, {@link Map}). Not thread-safe (it reuses its output buffer).
 */
public final class JsonCodec {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final LogicalType type;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);

    public JsonCodec(LogicalType type) {
        this.type = type;
    }

    /** Encodes a value of this codec's type as UTF-8 JSON. */
    public byte[] encode(Object value) {
        buffer.reset();
        try (JsonGenerator g = FACTORY.createGenerator(buffer)) {
            write(g, type, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** Decodes UTF-8 JSON into a value of this codec's type. */
    public Object decode(byte[] json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "the result is not valid JSON: "
                            + String.valueOf(e.getMessage()).replaceAll("\\s+", " "),
                    e);
        }
        if (node == null) {
            throw new IllegalArgumentException("the result is empty, expected JSON for " + type);
        }
        return read(node, type, "$");
    }

    private static void write(JsonGenerator g, LogicalType t, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
            return;
        }
        switch (t.getTypeRoot()) {
            case CHAR:
            case VARCHAR:
                g.writeString(v.toString());
                break;
            case BOOLEAN:
                g.writeBoolean((Boolean) v);
                break;
            case BINARY:
            case VARBINARY:
                g.writeString(Base64.getEncoder().encodeToString((byte[]) v));
                break;
            case DECIMAL:
                g.writeNumber((BigDecimal) v);
                break;
            case TINYINT:
            case SMALLINT:
            case INTEGER:
            case BIGINT:
                g.writeNumber(((Number) v).longValue());
                break;
            case FLOAT:
            case DOUBLE:
                double d = ((Number) v).doubleValue();
                if (Double.isFinite(d)) {
                    if (v instanceof Float) {
                        g.writeNumber((Float) v);
                    } else {
                        g.writeNumber(d);
                    }
                } else {
                    g.writeString(Double.toString(d)); // NaN, Infinity, -Infinity
                }
                break;
            case DATE:
            case TIME_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                g.writeString(v.toString()); // ISO-8601: 2024-05-01, 12:30:00.5, 2024-05-01T12:30, ...Z
                break;
            case ARRAY:
                LogicalType element = ((ArrayType) t).getElementType();
                g.writeStartArray();
                for (int i = 0, n = Array.getLength(v); i < n; i++) {
                    write(g, element, Array.get(v, i));
                }
                g.writeEndArray();
                break;
            case MAP:
                writeMap(g, ((MapType) t).getKeyType(), ((MapType) t).getValueType(), (Map<?, ?>) v);
                break;
            case MULTISET:
                writeMap(
                        g,
                        ((MultisetType) t).getElementType(),
                        new org.apache.flink.table.types.logical.IntType(),
                        (Map<?, ?>) v);
                break;
            case ROW:
                RowType row = (RowType) t;
                Row r = (Row) v;
                g.writeStartObject();
                List<RowType.RowField> fields = row.getFields();
                for (int i = 0; i < fields.size(); i++) {
                    g.writeFieldName(fields.get(i).getName());
                    write(g, fields.get(i).getType(), r.getField(i));
                }
                g.writeEndObject();
                break;
            default:
                throw new IllegalArgumentException("type " + t + " cannot be written as JSON");
        }
    }

    /** A map with character keys is an object; any other map is a list of {key, value} pairs. */
    private static void writeMap(JsonGenerator g, LogicalType key, LogicalType value, Map<?, ?> m) throws IOException {
        if (isText(key)) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getKey() == null) {
                    throw new IllegalArgumentException("a MAP with STRING keys cannot hold a NULL key in JSON");
                }
                g.writeFieldName(e.getKey().toString());
                write(g, value, e.getValue());
            }
            g.writeEndObject();
        } else {
            g.writeStartArray();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeStartObject();
                g.writeFieldName("key");
                write(g, key, e.getKey());
                g.writeFieldName("value");
                write(g, value, e.getValue());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
    }

    private static Object read(JsonNode n, LogicalType t, String at) {
        if (n == null || n.isNull()) {
            if (!t.isNullable()) {
                throw new IllegalArgumentException(at + ": null for the NOT NULL type " + t);
            }
            return null;
        }
        switch (t.getTypeRoot()) {
            case CHAR:
            case VARCHAR:
                return expect(n.isTextual(), n, at, "a string").textValue();
            case BOOLEAN:
                return expect(n.isBoolean(), n, at, "true or false").booleanValue();
            case BINARY:
            case VARBINARY:
                return Base64.getDecoder()
                        .decode(expect(n.isTextual(), n, at, "a base64 string").textValue());
            case DECIMAL:
                DecimalType dt = (DecimalType) t;
                BigDecimal bd =
                        expect(n.isNumber() || n.isTextual(), n, at, "a number").isNumber()
                                ? n.decimalValue()
                                : new BigDecimal(n.textValue());
                bd = bd.setScale(dt.getScale(), RoundingMode.HALF_UP);
                if (bd.precision() > dt.getPrecision()) {
                    throw new IllegalArgumentException(at + ": " + bd + " does not fit " + t);
                }
                return bd;
            case TINYINT:
                return (byte) integral(n, at, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case SMALLINT:
                return (short) integral(n, at, Short.MIN_VALUE, Short.MAX_VALUE);
            case INTEGER:
                return (int) integral(n, at, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case BIGINT:
                return integral(n, at, Long.MIN_VALUE, Long.MAX_VALUE);
            case FLOAT:
                return (float) floating(n, at);
            case DOUBLE:
                return floating(n, at);
            case DATE:
                return LocalDate.parse(
                        expect(n.isTextual(), n, at, "a date string").textValue());
            case TIME_WITHOUT_TIME_ZONE:
                return LocalTime.parse(
                        expect(n.isTextual(), n, at, "a time string").textValue());
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return LocalDateTime.parse(
                        expect(n.isTextual(), n, at, "a timestamp string").textValue());
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return Instant.parse(expect(n.isTextual(), n, at, "an instant string ending in Z")
                        .textValue());
            case ARRAY:
                LogicalType element = ((ArrayType) t).getElementType();
                expect(n.isArray(), n, at, "a list");
                Object arr = Array.newInstance(conversionClass(element), n.size());
                for (int i = 0; i < n.size(); i++) {
                    Array.set(arr, i, read(n.get(i), element, at + "[" + i + "]"));
                }
                return arr;
            case MAP:
                return readMap(n, ((MapType) t).getKeyType(), ((MapType) t).getValueType(), at);
            case MULTISET:
                return readMap(
                        n, ((MultisetType) t).getElementType(), new org.apache.flink.table.types.logical.IntType(), at);
            case ROW:
                expect(n.isObject(), n, at, "an object");
                List<RowType.RowField> fields = ((RowType) t).getFields();
                Row row = new Row(fields.size());
                for (int i = 0; i < fields.size(); i++) {
                    RowType.RowField f = fields.get(i);
                    row.setField(i, read(n.get(f.getName()), f.getType(), at + "." + f.getName()));
                }
                return row;
            default:
                throw new IllegalArgumentException(at + ": type " + t + " cannot be read from JSON");
        }
    }

    private static Map<Object, Object> readMap(JsonNode n, LogicalType key, LogicalType value, String at) {
        Map<Object, Object> out = new HashMap<>();
        if (isText(key)) {
            expect(n.isObject(), n, at, "an object");
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), read(e.getValue(), value, at + "." + e.getKey()));
            }
        } else {
            expect(n.isArray(), n, at, "a list of {\"key\": ..., \"value\": ...} objects");
            ArrayNode pairs = (ArrayNode) n;
            for (int i = 0; i < pairs.size(); i++) {
                JsonNode p = expect(pairs.get(i).isObject(), pairs.get(i), at + "[" + i + "]", "an object");
                out.put(
                        read(p.get("key"), key, at + "[" + i + "].key"),
                        read(p.get("value"), value, at + "[" + i + "].value"));
            }
        }
        return out;
    }

    private static long integral(JsonNode n, String at, long min, long max) {
        expect(n.isIntegralNumber() && n.canConvertToLong(), n, at, "an integer");
        long v = n.longValue();
        if (v < min || v > max) {
            throw new IllegalArgumentException(at + ": " + v + " is out of range [" + min + ", " + max + "]");
        }
        return v;
    }

    private static double floating(JsonNode n, String at) {
        if (n.isTextual()) {
            switch (n.textValue()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        return expect(n.isNumber(), n, at, "a number").doubleValue();
    }

    private static JsonNode expect(boolean ok, JsonNode n, String at, String what) {
        if (!ok) {
            String shown = n.toString();
            throw new IllegalArgumentException(at + ": expected " + what + ", found "
                    + (shown.length() > 60 ? shown.substring(0, 60) + "..." : shown));
        }
        return n;
    }

    private static boolean isText(LogicalType t) {
        switch (t.getTypeRoot()) {
            case CHAR:
            case VARCHAR:
                return true;
            default:
                return false;
        }
    }

    private static Class<?> conversionClass(LogicalType t) {
        return TypeConversions.fromLogicalToDataType(t).getConversionClass();
    }
}
