package io.github.flinkwasm.types;

import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;

/**
 * {@code ROW<...>}: a JSON object with one member per field (a missing member is NULL, an unknown
 * one is ignored); {@link Row}; {@code ROW(v1, v2)} as a literal.
 */
final class RowCodec extends JsonKindCodec {
    static final RowCodec INSTANCE = new RowCodec();

    private RowCodec() {
        super(ValueKind.ROW);
    }

    @Override
    void writeJson(JsonWriter out, LogicalType type, Object value) {
        List<RowType.RowField> fields = ((RowType) type).getFields();
        Row row = (Row) value;
        out.beginObject();
        for (int i = 0; i < fields.size(); i++) {
            RowType.RowField f = fields.get(i);
            out.name(f.getName());
            Json.write(out, f.getType(), row.getField(i));
        }
        out.endObject();
    }

    @Override
    Object readJson(JsonReader in, LogicalType type, String at) {
        List<RowType.RowField> fields = ((RowType) type).getFields();
        Row row = new Row(fields.size());
        boolean[] seen = new boolean[fields.size()];
        for (String name = in.beginObject(at, "an object"); name != null; name = in.nextName()) {
            int i = index(fields, name);
            if (i < 0) {
                in.skipValue();
            } else {
                row.setField(i, Json.read(in, fields.get(i).getType(), at + "." + name));
                seen[i] = true;
            }
        }
        for (int i = 0; i < seen.length; i++) {
            if (!seen[i] && !fields.get(i).getType().isNullable()) {
                throw new IllegalArgumentException(at + "." + fields.get(i).getName() + ": null for the NOT NULL type "
                        + fields.get(i).getType().asSummaryString());
            }
        }
        return row;
    }

    private static int index(List<RowType.RowField> fields, String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    Object fromLiteral(Literal literal, LogicalType type, String at) {
        if (literal instanceof Literal.Str s) {
            return Json.decodeLiteral(s.value(), type, at);
        }
        List<RowType.RowField> fields = ((RowType) type).getFields();
        List<Literal> items = items(literal, "ROW", type, at, "write ROW(v1, v2, ...) or a JSON object in a string");
        if (items.size() != fields.size()) {
            throw mismatch(at, type, literal, "it has " + items.size() + " fields, the type has " + fields.size());
        }
        Row row = new Row(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            RowType.RowField f = fields.get(i);
            row.setField(i, Literals.value(items.get(i), f.getType(), at + "." + f.getName()));
        }
        return row;
    }

    @Override
    void writeLiteral(StringBuilder out, LogicalType type, Object value) {
        List<RowType.RowField> fields = ((RowType) type).getFields();
        Row row = (Row) value;
        out.append("ROW(");
        for (int i = 0; i < fields.size(); i++) {
            out.append(i == 0 ? "" : ", ");
            Literals.write(out, row.getField(i), fields.get(i).getType());
        }
        out.append(')');
    }

    @Override
    public TypeInformation<?> javaTypeInformation(LogicalType type) {
        List<RowType.RowField> fields = ((RowType) type).getFields();
        String[] names = new String[fields.size()];
        TypeInformation<?>[] types = new TypeInformation<?>[fields.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = fields.get(i).getName();
            types[i] = javaType(fields.get(i).getType());
        }
        return Types.ROW_NAMED(names, types);
    }
}
