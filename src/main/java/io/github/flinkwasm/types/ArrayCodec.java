package io.github.flinkwasm.types;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * {@code ARRAY<T>}: a JSON list; a Java array of Flink's default class (primitives for NOT NULL
 * elements); {@code ARRAY[v1, v2]} as a literal.
 */
final class ArrayCodec extends JsonKindCodec {
    static final ArrayCodec INSTANCE = new ArrayCodec();

    private ArrayCodec() {
        super(ValueKind.ARRAY);
    }

    @Override
    void writeJson(JsonWriter out, LogicalType type, Object value) {
        LogicalType element = ((ArrayType) type).getElementType();
        out.beginArray();
        for (int i = 0, n = Array.getLength(value); i < n; i++) {
            Json.write(out, element, Array.get(value, i));
        }
        out.endArray();
    }

    @Override
    Object readJson(JsonReader in, LogicalType type, String at) {
        LogicalType element = ((ArrayType) type).getElementType();
        List<Object> items = new ArrayList<>();
        for (boolean more = in.beginArray(at, "a list"); more; more = in.nextElement()) {
            items.add(Json.read(in, element, at + "[" + items.size() + "]"));
        }
        return toArray(items, type);
    }

    /** An array of Flink's default class for the type: {@code int[]} for {@code ARRAY<INT NOT NULL>}. */
    private static Object toArray(List<Object> items, LogicalType arrayType) {
        Object array = Array.newInstance(conversionClass(arrayType).getComponentType(), items.size());
        for (int i = 0; i < items.size(); i++) {
            Array.set(array, i, items.get(i));
        }
        return array;
    }

    @Override
    Object fromLiteral(Literal literal, LogicalType type, String at) {
        if (literal instanceof Literal.Str s) {
            return Json.decodeLiteral(s.value(), type, at);
        }
        List<Literal> items = items(literal, "ARRAY", type, at, "write ARRAY[v1, v2, ...] or a JSON list in a string");
        LogicalType element = ((ArrayType) type).getElementType();
        List<Object> values = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            values.add(Literals.value(items.get(i), element, at + "[" + i + "]"));
        }
        return toArray(values, type);
    }

    @Override
    void writeLiteral(StringBuilder out, LogicalType type, Object value) {
        LogicalType element = ((ArrayType) type).getElementType();
        out.append("ARRAY[");
        for (int i = 0, n = Array.getLength(value); i < n; i++) {
            out.append(i == 0 ? "" : ", ");
            Literals.write(out, Array.get(value, i), element);
        }
        out.append(']');
    }

    /** An array of primitives for NOT NULL elements of a number kind, else of objects, as {@link #toArray} makes. */
    @Override
    public TypeInformation<?> javaTypeInformation(LogicalType type) {
        TypeInformation<?> element = javaType(((ArrayType) type).getElementType());
        return conversionClass(type).getComponentType().isPrimitive()
                ? Types.PRIMITIVE_ARRAY(element)
                : Types.OBJECT_ARRAY(element);
    }
}
