package io.github.flinkwasm.types;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MultisetType;

/**
 * {@code MULTISET<T>}: as a {@code MAP<T, INT>} of counts in JSON; {@code Map<T, Integer>}; {@code
 * MULTISET[v1, v1, v2]} as a literal.
 */
final class MultisetCodec extends JsonKindCodec {
    static final MultisetCodec INSTANCE = new MultisetCodec();

    private MultisetCodec() {
        super(ValueKind.MULTISET);
    }

    @Override
    void writeJson(JsonWriter out, LogicalType type, Object value) {
        MapCodec.write(out, ((MultisetType) type).getElementType(), MapCodec.COUNT, (Map<?, ?>) value);
    }

    @Override
    Object readJson(JsonReader in, LogicalType type, String at) {
        return MapCodec.read(in, ((MultisetType) type).getElementType(), MapCodec.COUNT, at);
    }

    @Override
    Object fromLiteral(Literal literal, LogicalType type, String at) {
        if (literal instanceof Literal.Str s) {
            return Json.decodeLiteral(s.value(), type, at);
        }
        LogicalType element = ((MultisetType) type).getElementType();
        List<Literal> items =
                items(literal, "MULTISET", type, at, "write MULTISET[v1, v2, ...] or a JSON object in a string");
        Map<Object, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            out.merge(Literals.value(items.get(i), element, at + "[" + i + "]"), 1, Integer::sum);
        }
        return out;
    }

    @Override
    void writeLiteral(StringBuilder out, LogicalType type, Object value) {
        LogicalType element = ((MultisetType) type).getElementType();
        out.append("MULTISET[");
        boolean first = true;
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
            int count = e.getValue() == null ? 0 : ((Number) e.getValue()).intValue();
            for (int i = 0; i < count; i++) {
                out.append(first ? "" : ", ");
                first = false;
                Literals.write(out, e.getKey(), element);
            }
        }
        out.append(']');
    }

    @Override
    public TypeInformation<?> javaTypeInformation(LogicalType type) {
        return Types.MAP(javaType(((MultisetType) type).getElementType()), Types.INT);
    }
}
