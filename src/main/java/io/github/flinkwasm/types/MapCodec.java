package io.github.flinkwasm.types;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;

/**
 * {@code MAP<K, V>}: with STRING keys a JSON object, with other keys a list of {@code {"key": ...,
 * "value": ...}} objects; {@code Map}; {@code MAP[k1, v1, ...]} as a literal.
 */
final class MapCodec extends JsonKindCodec {
    static final MapCodec INSTANCE = new MapCodec();

    private MapCodec() {
        super(ValueKind.MAP);
    }

    @Override
    void writeJson(JsonWriter out, LogicalType type, Object value) {
        MapType t = (MapType) type;
        write(out, t.getKeyType(), t.getValueType(), (Map<?, ?>) value);
    }

    @Override
    Object readJson(JsonReader in, LogicalType type, String at) {
        MapType t = (MapType) type;
        return read(in, t.getKeyType(), t.getValueType(), at);
    }

    /** A map as JSON; also the form of a MULTISET, whose values are counts. */
    static void write(JsonWriter out, LogicalType key, LogicalType value, Map<?, ?> m) {
        if (ValueKind.rootKind(key) == ValueKind.STRING) {
            out.beginObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getKey() == null) {
                    throw new IllegalArgumentException("a MAP with STRING keys cannot hold a NULL key in JSON");
                }
                out.name(e.getKey().toString());
                Json.write(out, value, e.getValue());
            }
            out.endObject();
        } else {
            out.beginArray();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.beginObject();
                out.name("key");
                Json.write(out, key, e.getKey());
                out.name("value");
                Json.write(out, value, e.getValue());
                out.endObject();
            }
            out.endArray();
        }
    }

    static Map<Object, Object> read(JsonReader in, LogicalType key, LogicalType value, String at) {
        Map<Object, Object> out = new LinkedHashMap<>();
        if (ValueKind.rootKind(key) == ValueKind.STRING) {
            for (String name = in.beginObject(at, "an object"); name != null; name = in.nextName()) {
                out.put(name, Json.read(in, value, at + "." + name));
            }
            return out;
        }
        String pairs = "a list of {\"key\": ..., \"value\": ...} objects";
        int i = 0;
        for (boolean more = in.beginArray(at, pairs); more; more = in.nextElement(), i++) {
            String here = at + "[" + i + "]";
            Object k = null;
            Object v = null;
            for (String name = in.beginObject(here, "an object"); name != null; name = in.nextName()) {
                switch (name) {
                    case "key" -> k = Json.read(in, key, here + ".key");
                    case "value" -> v = Json.read(in, value, here + ".value");
                    default -> in.skipValue();
                }
            }
            out.put(k, v);
        }
        return out;
    }

    @Override
    Object fromLiteral(Literal literal, LogicalType type, String at) {
        if (literal instanceof Literal.Str s) {
            return Json.decodeLiteral(s.value(), type, at);
        }
        MapType t = (MapType) type;
        List<Literal> items =
                items(literal, "MAP", type, at, "write MAP[key1, value1, ...] or a JSON object in a string");
        if (items.size() % 2 != 0) {
            throw mismatch(at, type, literal, "a MAP constructor needs an even number of items: key, value, ...");
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i += 2) {
            Object k = Literals.value(items.get(i), t.getKeyType(), at + "[key " + (i / 2) + "]");
            out.put(k, Literals.value(items.get(i + 1), t.getValueType(), at + "[" + k + "]"));
        }
        return out;
    }

    @Override
    void writeLiteral(StringBuilder out, LogicalType type, Object value) {
        MapType t = (MapType) type;
        out.append("MAP[");
        boolean first = true;
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
            out.append(first ? "" : ", ");
            first = false;
            Literals.write(out, e.getKey(), t.getKeyType());
            out.append(", ");
            Literals.write(out, e.getValue(), t.getValueType());
        }
        out.append(']');
    }

    /** The type of a MULTISET's counts. */
    static final LogicalType COUNT = new IntType();

    /** Flink's map type: NULL values are kept, a NULL key is not supported. */
    @Override
    public TypeInformation<?> javaTypeInformation(LogicalType type) {
        MapType map = (MapType) type;
        return Types.MAP(javaType(map.getKeyType()), javaType(map.getValueType()));
    }
}
