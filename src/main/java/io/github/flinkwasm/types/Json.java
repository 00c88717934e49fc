package io.github.flinkwasm.types;

import java.nio.charset.StandardCharsets;
import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * SQL values as JSON text, both ways (SPEC section 3; README, "Values as JSON"), for any supported
 * type: each type's part is in its {@link ValueCodec}. Values are Flink's default external classes
 * ({@code Row}, {@code BigDecimal}, {@code LocalDateTime}, arrays, {@code Map}...). For the kinds
 * built on the plugin ABI (table results as {@code ARRAY<returns>}, process rows) as much as for
 * scalar arguments and results.
 */
@Internal
public final class Json {
    private Json() {
        // no instances
    }

    /** Encodes a value of this type as UTF-8 JSON. */
    public static byte[] encode(LogicalType type, Object value) {
        JsonWriter out = new JsonWriter();
        write(out, type, value);
        return out.toByteArray();
    }

    /**
     * Decodes UTF-8 JSON into a value of this type.
     *
     * @throws IllegalArgumentException naming the JSON path of what does not fit, or saying the text
     *     is not valid JSON
     */
    public static Object decode(LogicalType type, byte[] json) {
        JsonReader in = new JsonReader(json);
        if (in.atEnd()) {
            throw new IllegalArgumentException("the text is empty, expected JSON for " + type.asSummaryString());
        }
        Object value = read(in, type, "$");
        in.expectEnd();
        return value;
    }

    /**
     * The value a JSON text given on the command line stands for.
     *
     * @param at where the value is within a literal, for messages; empty at the top
     */
    static Object decodeLiteral(String json, LogicalType type, String at) {
        try {
            return decode(type, json.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            String where = at.isEmpty() ? "" : (at.startsWith(".") ? at.substring(1) : at) + ": ";
            throw new IllegalArgumentException(
                    where + "the JSON string does not fit " + type.asSummaryString() + ": "
                            + String.valueOf(e.getMessage()).replace("the text is", "it is"),
                    e);
        }
    }

    /** Writes one value, which may be null. */
    public static void write(JsonWriter out, LogicalType type, Object value) {
        if (value == null) {
            out.nullValue();
        } else {
            kind(type).codec().writeJson(out, type, value);
        }
    }

    /** Reads one value, which may be {@code null} when the type is nullable. */
    public static Object read(JsonReader in, LogicalType type, String at) {
        if (in.tryNull()) {
            if (!type.isNullable()) {
                throw new IllegalArgumentException(at + ": null for the NOT NULL type " + type.asSummaryString());
            }
            return null;
        }
        return kind(type).codec().readJson(in, type, at);
    }

    private static ValueKind kind(LogicalType type) {
        ValueKind kind = ValueKind.rootKind(type); // nested types were checked when the plugin loaded
        if (kind == null) {
            throw new IllegalArgumentException("type " + type.asSummaryString() + " has no JSON form");
        }
        return kind;
    }
}
