package io.github.flinkwasm.types;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.memory.MemorySegment;
import org.apache.flink.core.memory.MemorySegmentFactory;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.binary.BinaryRowData;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.data.writer.BinaryRowWriter;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;

/**
 * The JSON form of one SQL type (SPEC section 3, the same text as {@link Json}) for Flink's
 * <em>internal</em> data structures ({@link RowData}, {@link ArrayData}, {@link MapData}, {@link
 * StringData}, {@link DecimalData}, {@link TimestampData}, boxed numbers), compiled once per
 * function parameter or result into a tree of nodes. A SQL function's JSON arguments and results
 * take this path, so Flink converts nothing on either side of the call, and the per-row work is
 * only the text: member names are prepared bytes, numbers and strings are written straight into
 * the writer's buffer and read straight from the result's bytes (a string without escapes becomes
 * a view of them), and no JSON path is built unless a value does not fit.
 *
 * <p>The kinds with few users on the per-row path (DATE, TIME, TIMESTAMP_LTZ and BYTES nested in a
 * JSON value, MULTISET) go through Flink's converter to the external class and the kind's own
 * {@link ValueCodec} JSON code, so every kind reads and writes exactly the text {@link Json} does.
 *
 * <p>A node is not thread-safe (array nodes reuse a scratch array): one tree per invoker.
 */
abstract class InternalJson {
    /** Placeholder for an array index or map key in a node's JSON path, filled in when a value fails. */
    private static final String SLOT = "#";

    final LogicalType type;
    /** The JSON path of this node's value, such as {@code $.a[#].b}. */
    final String at;

    private final boolean nullable;

    InternalJson(LogicalType type, String at) {
        this.type = type;
        this.at = at;
        this.nullable = type.isNullable();
    }

    /** The tree of nodes of a type, at JSON path {@code at}. */
    static InternalJson of(LogicalType type, String at) {
        ValueKind kind = ValueKind.rootKind(type); // nested types were checked when the plugin loaded
        if (kind == null) {
            throw new IllegalArgumentException("type " + type.asSummaryString() + " has no JSON form");
        }
        return switch (kind) {
            case INT, SMALLINT, TINYINT -> new IntNode(type, at, kind);
            case BIGINT -> new BigIntNode(type, at);
            case DOUBLE -> new DoubleNode(type, at);
            case BOOLEAN, FLOAT -> new SameNode(type, at, kind.codec());
            case STRING -> new StringNode(type, at);
            case DECIMAL -> new DecimalNode(type, at);
            case TIMESTAMP -> new TimestampNode(type, at);
            case ROW -> new RowNode((RowType) type, at);
            case ARRAY -> new ArrayNode((ArrayType) type, at);
            case MAP -> new MapNode((MapType) type, at);
            case DATE, TIME, TIMESTAMP_LTZ, BYTES, MULTISET -> new ConvertedNode(type, at, kind.codec());
        };
    }

    // ------------------------------------------------------------------ writing

    /** Writes a non-null internal value. */
    abstract void write(JsonWriter out, Object value);

    /** Writes a field that is not null; number nodes read it unboxed. */
    void writeField(JsonWriter out, RowData row, int pos, RowData.FieldGetter getter) {
        write(out, getter.getFieldOrNull(row));
    }

    /** Writes an element that is not null; number nodes read it unboxed. */
    void writeElement(JsonWriter out, ArrayData array, int pos, ArrayData.ElementGetter getter) {
        write(out, getter.getElementOrNull(array, pos));
    }

    final void writeValue(JsonWriter out, Object value) {
        if (value == null) {
            out.nullValue();
        } else {
            write(out, value);
        }
    }

    // ------------------------------------------------------------------ reading

    /** Reads a value that is not {@code null}. */
    abstract Object read(JsonReader in);

    /** Reads a value, which may be {@code null} when the type is nullable. */
    final Object readValue(JsonReader in) {
        if (in.tryNull()) {
            if (!nullable) {
                throw nullForNotNull(at);
            }
            return null;
        }
        return read(in);
    }

    /** The failure of a {@code null} where the type is NOT NULL. */
    final IllegalArgumentException nullForNotNull(String path) {
        return new IllegalArgumentException(path + ": null for the NOT NULL type " + type.asSummaryString());
    }

    /**
     * Whether {@link #readField} can read a value of this type straight into a field of a {@link
     * BinaryRowData}: the numbers, BOOLEAN and STRING.
     */
    boolean binaryField() {
        return false;
    }

    /**
     * Whether a value read by this node may be a view of the bytes it was read from (a string
     * without escapes): then they must not be reused for the next value.
     */
    boolean keepsBytes() {
        return false;
    }

    /** Reads a value that is not {@code null} into field {@code pos} of a row being written. */
    void readField(JsonReader in, BinaryRowWriter out, int pos) {
        throw new IllegalStateException(type.asSummaryString() + " is not read into a binary row");
    }

    /** The message of a failure inside a slot of this node's value, with the slot's place filled in. */
    static IllegalArgumentException inSlot(IllegalArgumentException e, String slotPath, String actual) {
        String m = e.getMessage();
        if (m == null || !m.contains(slotPath)) {
            return e;
        }
        IllegalArgumentException x = new IllegalArgumentException(m.replace(slotPath, actual), e.getCause());
        x.setStackTrace(e.getStackTrace());
        return x;
    }

    // ------------------------------------------------------------------ numbers

    /** INT, SMALLINT, TINYINT: an integer in the type's range; Integer, Short, Byte. */
    private static final class IntNode extends InternalJson {
        private final ValueKind kind;
        private final long min;
        private final long max;

        IntNode(LogicalType type, String at, ValueKind kind) {
            super(type, at);
            this.kind = kind;
            this.min = kind == ValueKind.INT ? Integer.MIN_VALUE : kind == ValueKind.SMALLINT ? Short.MIN_VALUE : -128;
            this.max = kind == ValueKind.INT ? Integer.MAX_VALUE : kind == ValueKind.SMALLINT ? Short.MAX_VALUE : 127;
        }

        @Override
        void write(JsonWriter out, Object value) {
            out.number(((Number) value).longValue());
        }

        @Override
        void writeField(JsonWriter out, RowData row, int pos, RowData.FieldGetter getter) {
            out.number(
                    kind == ValueKind.INT
                            ? row.getInt(pos)
                            : kind == ValueKind.SMALLINT ? row.getShort(pos) : row.getByte(pos));
        }

        @Override
        void writeElement(JsonWriter out, ArrayData array, int pos, ArrayData.ElementGetter getter) {
            out.number(
                    kind == ValueKind.INT
                            ? array.getInt(pos)
                            : kind == ValueKind.SMALLINT ? array.getShort(pos) : array.getByte(pos));
        }

        @Override
        Object read(JsonReader in) {
            long v = in.readLong(at, min, max);
            return kind == ValueKind.INT
                    ? (Object) (int) v
                    : kind == ValueKind.SMALLINT ? (Object) (short) v : (byte) v;
        }

        @Override
        boolean binaryField() {
            return true;
        }

        @Override
        void readField(JsonReader in, BinaryRowWriter out, int pos) {
            long v = in.readLong(at, min, max);
            if (kind == ValueKind.INT) {
                out.writeInt(pos, (int) v);
            } else if (kind == ValueKind.SMALLINT) {
                out.writeShort(pos, (short) v);
            } else {
                out.writeByte(pos, (byte) v);
            }
        }
    }

    /** BIGINT: Long. */
    private static final class BigIntNode extends InternalJson {
        BigIntNode(LogicalType type, String at) {
            super(type, at);
        }

        @Override
        void write(JsonWriter out, Object value) {
            out.number((Long) value);
        }

        @Override
        void writeField(JsonWriter out, RowData row, int pos, RowData.FieldGetter getter) {
            out.number(row.getLong(pos));
        }

        @Override
        void writeElement(JsonWriter out, ArrayData array, int pos, ArrayData.ElementGetter getter) {
            out.number(array.getLong(pos));
        }

        @Override
        Object read(JsonReader in) {
            return in.readLong(at, Long.MIN_VALUE, Long.MAX_VALUE);
        }

        @Override
        boolean binaryField() {
            return true;
        }

        @Override
        void readField(JsonReader in, BinaryRowWriter out, int pos) {
            out.writeLong(pos, in.readLong(at, Long.MIN_VALUE, Long.MAX_VALUE));
        }
    }

    /** DOUBLE: Double; NaN and the infinities as strings. */
    private static final class DoubleNode extends InternalJson {
        DoubleNode(LogicalType type, String at) {
            super(type, at);
        }

        private static void write(JsonWriter out, double d) {
            ValueCodec.writeDoubleJson(out, d);
        }

        @Override
        void write(JsonWriter out, Object value) {
            write(out, ((Double) value).doubleValue());
        }

        @Override
        void writeField(JsonWriter out, RowData row, int pos, RowData.FieldGetter getter) {
            write(out, row.getDouble(pos));
        }

        @Override
        void writeElement(JsonWriter out, ArrayData array, int pos, ArrayData.ElementGetter getter) {
            write(out, array.getDouble(pos));
        }

        @Override
        Object read(JsonReader in) {
            return in.readDouble(at);
        }

        @Override
        boolean binaryField() {
            return true;
        }

        @Override
        void readField(JsonReader in, BinaryRowWriter out, int pos) {
            out.writeDouble(pos, in.readDouble(at));
        }
    }

    /** Kinds whose internal class is the external one (BOOLEAN, FLOAT): the codec's own JSON code. */
    private static final class SameNode extends InternalJson {
        private final ValueCodec codec;

        SameNode(LogicalType type, String at, ValueCodec codec) {
            super(type, at);
            this.codec = codec;
        }

        @Override
        void write(JsonWriter out, Object value) {
            codec.writeJson(out, type, value);
        }

        @Override
        Object read(JsonReader in) {
            return codec.readJson(in, type, at);
        }

        @Override
        boolean binaryField() {
            return true; // BOOLEAN and FLOAT
        }

        @Override
        void readField(JsonReader in, BinaryRowWriter out, int pos) {
            Object v = read(in);
            if (v instanceof Boolean b) {
                out.writeBoolean(pos, b);
            } else {
                out.writeFloat(pos, (Float) v);
            }
        }
    }

    /** The other kinds: Flink's converter to the external class, then the codec's own JSON code. */
    private static final class ConvertedNode extends InternalJson {
        private final ValueCodec codec;
        private final DataStructureConverter<Object, Object> converter;

        ConvertedNode(LogicalType type, String at, ValueCodec codec) {
            super(type, at);
            this.codec = codec;
            this.converter = DataStructureConverters.getConverter(TypeConversions.fromLogicalToDataType(type));
            converter.open(InternalJson.class.getClassLoader());
        }

        @Override
        void write(JsonWriter out, Object value) {
            codec.writeJson(out, type, converter.toExternal(value));
        }

        @Override
        Object read(JsonReader in) {
            return converter.toInternal(codec.readJson(in, type, at));
        }
    }

    // ------------------------------------------------------------------ strings, decimals, timestamps

    /** STRING: StringData; its UTF-8 bytes are copied as they are, escapes aside. */
    private static final class StringNode extends InternalJson {
        StringNode(LogicalType type, String at) {
            super(type, at);
        }

        @Override
        void write(JsonWriter out, Object value) {
            if (value instanceof BinaryStringData s) {
                s.ensureMaterialized();
                MemorySegment[] segments = s.getSegments();
                if (segments.length == 1 && !segments[0].isOffHeap()) {
                    out.utf8String(segments[0].getHeapMemory(), s.getOffset(), s.getSizeInBytes());
                    return;
                }
            }
            byte[] bytes = ((StringData) value).toBytes();
            out.utf8String(bytes, 0, bytes.length);
        }

        @Override
        void writeField(JsonWriter out, RowData row, int pos, RowData.FieldGetter getter) {
            write(out, row.getString(pos));
        }

        @Override
        void writeElement(JsonWriter out, ArrayData array, int pos, ArrayData.ElementGetter getter) {
            write(out, array.getString(pos));
        }

        @Override
        Object read(JsonReader in) {
            return in.readStringData(at, "a string");
        }

        @Override
        boolean keepsBytes() {
            return true;
        }

        @Override
        boolean binaryField() {
            return true;
        }

        @Override
        void readField(JsonReader in, BinaryRowWriter out, int pos) {
            // a STRING field of a binary row has the layout of BYTES: the UTF-8 bytes as they are
            out.writeBinary(pos, in.readStringBytes(at, "a string"));
        }
    }

    /** DECIMAL(p, s): DecimalData, written as {@code BigDecimal.toString()} writes it. */
    private static final class DecimalNode extends InternalJson {
        private final int precision;
        private final int scale;

        DecimalNode(LogicalType type, String at) {
            super(type, at);
            this.precision = ((DecimalType) type).getPrecision();
            this.scale = ((DecimalType) type).getScale();
        }

        @Override
        void write(JsonWriter out, Object value) {
            DecimalData d = (DecimalData) value;
            if (d.isCompact()) {
                long unscaled = d.toUnscaledLong();
                int s = d.scale();
                // BigDecimal.toString() uses an exponent when the adjusted exponent is below -6
                if (unscaled != Long.MIN_VALUE && s <= 18 && digits(Math.abs(unscaled)) - 1 - s >= -6) {
                    out.decimal(unscaled, s);
                    return;
                }
            }
            out.numberText(d.toBigDecimal().toString());
        }

        @Override
        void writeField(JsonWriter out, RowData row, int pos, RowData.FieldGetter getter) {
            write(out, row.getDecimal(pos, precision, scale));
        }

        @Override
        void writeElement(JsonWriter out, ArrayData array, int pos, ArrayData.ElementGetter getter) {
            write(out, array.getDecimal(pos, precision, scale));
        }

        @Override
        Object read(JsonReader in) {
            String text = in.peekString() ? in.readString(at, "a number") : in.readNumber(at, "a number");
            BigDecimal v;
            try {
                v = new BigDecimal(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(at + ": expected a number, found \"" + text + "\"");
            }
            BigDecimal s = v.setScale(scale, RoundingMode.HALF_UP);
            if (s.precision() > precision) {
                throw new IllegalArgumentException(at + ": " + v + " does not fit " + type.asSummaryString());
            }
            return DecimalData.fromBigDecimal(s, precision, scale);
        }

        private static int digits(long v) {
            int n = 1;
            while (v >= 10) {
                v /= 10;
                n++;
            }
            return n;
        }
    }

    /** TIMESTAMP(p): TimestampData, written as {@code LocalDateTime.toString()} writes it. */
    private static final class TimestampNode extends InternalJson {
        private final int precision;

        TimestampNode(LogicalType type, String at) {
            super(type, at);
            this.precision = org.apache.flink.table.types.logical.utils.LogicalTypeChecks.getPrecision(type);
        }

        @Override
        void write(JsonWriter out, Object value) {
            TimestampData t = (TimestampData) value;
            long millis = t.getMillisecond();
            long day = Math.floorDiv(millis, 86_400_000L);
            int msOfDay = (int) Math.floorMod(millis, 86_400_000L);
            // the civil date of a day count (proleptic Gregorian), in 400-year eras of 146097 days
            long z = day + 719_468;
            long era = Math.floorDiv(z, 146_097);
            int doe = (int) (z - era * 146_097);
            int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
            int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
            int mp = (5 * doy + 2) / 153;
            int dayOfMonth = doy - (153 * mp + 2) / 5 + 1;
            int month = mp < 10 ? mp + 3 : mp - 9;
            long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
            if (year < 0 || year > 9999) {
                out.string(t.toLocalDateTime().toString()); // signs and wide years: Java's own text
                return;
            }
            int second = msOfDay / 1000 % 60;
            int nano = (msOfDay % 1000) * 1_000_000 + t.getNanoOfMillisecond();
            out.beginString();
            out.padded((int) year, 4);
            out.rawByte('-');
            out.twoDigits(month, '-');
            out.twoDigits(dayOfMonth, 'T');
            out.twoDigits(msOfDay / 3_600_000, ':');
            out.twoDigits(msOfDay / 60_000 % 60, (char) 0);
            if (second != 0 || nano != 0) {
                out.rawByte(':');
                out.twoDigits(second, (char) 0);
                if (nano != 0) {
                    out.rawByte('.');
                    if (nano % 1_000_000 == 0) {
                        out.padded(nano / 1_000_000, 3);
                    } else if (nano % 1000 == 0) {
                        out.padded(nano / 1000, 6);
                    } else {
                        out.padded(nano, 9);
                    }
                }
            }
            out.rawByte('"');
        }

        @Override
        void writeField(JsonWriter out, RowData row, int pos, RowData.FieldGetter getter) {
            write(out, row.getTimestamp(pos, precision));
        }

        @Override
        void writeElement(JsonWriter out, ArrayData array, int pos, ArrayData.ElementGetter getter) {
            write(out, array.getTimestamp(pos, precision));
        }

        @Override
        Object read(JsonReader in) {
            return TimestampData.fromLocalDateTime((java.time.LocalDateTime)
                    ValueCodec.temporalJson(in, at, "a timestamp string", java.time.LocalDateTime::parse));
        }
    }

    // ------------------------------------------------------------------ containers

    /**
     * The size of the blocks that short binary rows read are copied into. A row keeps its whole
     * block reachable, so the block is small: a row kept on the heap (by a heap state backend, a
     * buffer) holds at most this much, about what a GenericRowData of the same fields takes in
     * objects, while a MemorySegment is made once per several rows rather than per row.
     */
    private static final int BLOCK_BYTES = 512;

    /**
     * ROW: RowData, an object by field name. Read as a {@link BinaryRowData} when every field is a
     * number, BOOLEAN or STRING (the layout Flink serialises rows in, so it copies such a row as it
     * is, and no boxed field or {@code StringData} is made per row), else as a {@link
     * GenericRowData}.
     */
    private static final class RowNode extends InternalJson {
        private final InternalJson[] fields;
        /** Whether the row is read as a BinaryRowData, see {@link #readBinary}. */
        private final boolean binary;
        /** The row {@link #readBinary} writes, then copies out; made on first use. */
        private BinaryRowData written;

        private BinaryRowWriter writer;
        /** The block that rows read are copied into, one after the other, and the bytes used. */
        private MemorySegment[] block;

        private int blockUsed;

        private final RowData.FieldGetter[] getters;
        private final byte[][] quotedNames;
        private final byte[][] names;
        private final String[] nameStrings;

        RowNode(RowType type, String at) {
            super(type, at);
            List<RowType.RowField> list = type.getFields();
            int n = list.size();
            fields = new InternalJson[n];
            getters = new RowData.FieldGetter[n];
            quotedNames = new byte[n][];
            names = new byte[n][];
            nameStrings = new String[n];
            for (int i = 0; i < n; i++) {
                RowType.RowField f = list.get(i);
                fields[i] = of(f.getType(), at + "." + f.getName());
                getters[i] = RowData.createFieldGetter(f.getType(), i);
                quotedNames[i] = JsonWriter.quotedName(f.getName());
                names[i] = f.getName().getBytes(StandardCharsets.UTF_8);
                nameStrings[i] = f.getName();
            }
            this.binary = n <= 64 && Arrays.stream(fields).allMatch(InternalJson::binaryField);
        }

        @Override
        void write(JsonWriter out, Object value) {
            RowData row = (RowData) value;
            out.beginObject();
            for (int i = 0; i < fields.length; i++) {
                out.rawName(quotedNames[i]);
                if (row.isNullAt(i)) {
                    out.nullValue();
                } else {
                    fields[i].writeField(out, row, i, getters[i]);
                }
            }
            out.endObject();
        }

        @Override
        boolean keepsBytes() {
            return !binary && Arrays.stream(fields).anyMatch(InternalJson::keepsBytes);
        }

        @Override
        Object read(JsonReader in) {
            if (binary) {
                return readBinary(in);
            }
            int n = fields.length;
            GenericRowData row = new GenericRowData(n);
            long seen = 0; // fields beyond 64 are tracked by their value (a NOT NULL field is never null)
            in.beginObjectMembers(at, "an object");
            int hint = 0;
            for (int i = in.nextMember(names, hint, true); i != -2; i = in.nextMember(names, hint, false)) {
                if (i < 0) {
                    in.skipValue();
                } else {
                    row.setField(i, fields[i].readValue(in));
                    seen |= 1L << i;
                    hint = i + 1;
                }
            }
            for (int i = 0; i < n; i++) {
                boolean present = i < 64 ? (seen & (1L << i)) != 0 : row.getField(i) != null;
                if (!present && !fields[i].type.isNullable()) {
                    throw fields[i].nullForNotNull(at + "." + nameStrings[i]);
                }
            }
            return row;
        }

        /**
         * Reads the object into a new BinaryRowData, each field straight from the text into Flink's
         * writer. As for a GenericRowData, a missing member is NULL, an unknown one is skipped and,
         * when a name comes twice, the last value counts.
         */
        private BinaryRowData readBinary(JsonReader in) {
            int n = fields.length;
            in.beginObjectMembers(at, "an object");
            BinaryRowWriter out = writer;
            if (out == null) {
                written = new BinaryRowData(n);
                out = writer = new BinaryRowWriter(written, 64); // grows for longer rows
            }
            out.reset(); // every field is written or set to NULL below
            long seen = 0;
            long nulls = 0;
            int hint = 0;
            for (int i = in.nextMember(names, hint, true); i != -2; i = in.nextMember(names, hint, false)) {
                if (i < 0) {
                    in.skipValue();
                    continue;
                }
                long bit = 1L << i;
                if (in.tryNull()) {
                    if (!fields[i].type.isNullable()) {
                        throw fields[i].nullForNotNull(fields[i].at);
                    }
                    nulls |= bit;
                } else {
                    fields[i].readField(in, out, i);
                    nulls &= ~bit;
                }
                seen |= bit;
                hint = i + 1;
            }
            for (int i = 0; i < n; i++) {
                long bit = 1L << i;
                if ((seen & bit) == 0) {
                    if (!fields[i].type.isNullable()) {
                        throw fields[i].nullForNotNull(at + "." + nameStrings[i]);
                    }
                    out.setNullAt(i);
                } else if ((nulls & bit) != 0) {
                    out.setNullAt(i);
                }
            }
            out.complete();
            return copyOut(written);
        }

        /**
         * A copy of a row, in the block that the last rows were copied into when it fits: no
         * MemorySegment per row (Flink's writer makes one, with an AtomicBoolean and an array, for
         * each row it writes). A row read keeps its block reachable, at most {@link #BLOCK_BYTES};
         * a row longer than a quarter of a block gets its own bytes.
         */
        private BinaryRowData copyOut(BinaryRowData from) {
            int size = from.getSizeInBytes();
            int words = (size + 7) & ~7;
            MemorySegment[] target;
            int offset;
            if (words > BLOCK_BYTES / 4) { // a long row gets its own bytes
                target = new MemorySegment[] {MemorySegmentFactory.wrap(new byte[size])};
                offset = 0;
            } else {
                if (block == null || blockUsed + words > BLOCK_BYTES) {
                    block = new MemorySegment[] {MemorySegmentFactory.wrap(new byte[BLOCK_BYTES])};
                    blockUsed = 0;
                }
                target = block;
                offset = blockUsed;
                blockUsed += words;
            }
            from.getSegments()[0].copyTo(from.getOffset(), target[0], offset, size);
            BinaryRowData row = new BinaryRowData(fields.length);
            row.pointTo(target, offset, size);
            return row;
        }
    }

    /** ARRAY: ArrayData (GenericArrayData when read, of primitives for NOT NULL numbers), a list. */
    private static final class ArrayNode extends InternalJson {
        private final InternalJson element;
        private final ArrayData.ElementGetter getter;
        private final String slot;
        private final Class<?> elementClass;
        private Object[] scratch = new Object[16];

        ArrayNode(ArrayType type, String at) {
            super(type, at);
            this.slot = at + "[" + SLOT + "]";
            this.element = of(type.getElementType(), slot);
            this.getter = ArrayData.createElementGetter(type.getElementType());
            this.elementClass = org.apache.flink.table.types.logical.utils.LogicalTypeUtils.toInternalConversionClass(
                    type.getElementType());
        }

        @Override
        void write(JsonWriter out, Object value) {
            ArrayData array = (ArrayData) value;
            out.beginArray();
            for (int i = 0, n = array.size(); i < n; i++) {
                if (array.isNullAt(i)) {
                    out.nullValue();
                } else {
                    element.writeElement(out, array, i, getter);
                }
            }
            out.endArray();
        }

        @Override
        boolean keepsBytes() {
            return element.keepsBytes();
        }

        @Override
        Object read(JsonReader in) {
            int n = 0;
            Object[] items = scratch;
            try {
                for (boolean more = in.beginArray(at, "a list"); more; more = in.nextElement()) {
                    if (n == items.length) {
                        items = scratch = Arrays.copyOf(items, n * 2);
                    }
                    items[n] = element.readValue(in);
                    n++;
                }
            } catch (IllegalArgumentException e) {
                Arrays.fill(items, 0, n, null);
                throw inSlot(e, slot, at + "[" + n + "]");
            }
            GenericArrayData array = toArray(items, n);
            Arrays.fill(items, 0, n, null); // no references kept past the row
            return array;
        }

        private GenericArrayData toArray(Object[] items, int n) {
            if (!element.type.isNullable()) {
                switch (element.type.getTypeRoot()) {
                    case INTEGER -> {
                        int[] a = new int[n];
                        for (int i = 0; i < n; i++) {
                            a[i] = (Integer) items[i];
                        }
                        return new GenericArrayData(a);
                    }
                    case BIGINT -> {
                        long[] a = new long[n];
                        for (int i = 0; i < n; i++) {
                            a[i] = (Long) items[i];
                        }
                        return new GenericArrayData(a);
                    }
                    case DOUBLE -> {
                        double[] a = new double[n];
                        for (int i = 0; i < n; i++) {
                            a[i] = (Double) items[i];
                        }
                        return new GenericArrayData(a);
                    }
                    default -> {
                        // boxed below; GenericArrayData reads boxed elements of any type
                    }
                }
            }
            // typed like Flink's own (Double[] for DOUBLE...): toDoubleArray() and friends cast to it
            Object[] typed = (Object[]) java.lang.reflect.Array.newInstance(elementClass, n);
            System.arraycopy(items, 0, typed, 0, n);
            return new GenericArrayData(typed);
        }
    }

    /**
     * MAP: MapData (GenericMapData when read); with STRING keys a JSON object, with other keys a list
     * of {@code {"key": ..., "value": ...}} objects.
     */
    private static final class MapNode extends InternalJson {
        private static final byte[][] PAIR = {
            "key".getBytes(StandardCharsets.US_ASCII), "value".getBytes(StandardCharsets.US_ASCII)
        };
        private static final byte[] KEY = JsonWriter.quotedName("key");
        private static final byte[] VALUE = JsonWriter.quotedName("value");

        private final boolean stringKeys;
        private final InternalJson key;
        private final InternalJson value;
        private final ArrayData.ElementGetter keyGetter;
        private final ArrayData.ElementGetter valueGetter;
        private final String slot;

        MapNode(MapType type, String at) {
            super(type, at);
            this.stringKeys = ValueKind.rootKind(type.getKeyType()) == ValueKind.STRING;
            this.slot = stringKeys ? at + "." + SLOT : at + "[" + SLOT + "]";
            this.key = of(type.getKeyType(), slot + ".key");
            this.value = of(type.getValueType(), stringKeys ? slot : slot + ".value");
            this.keyGetter = ArrayData.createElementGetter(type.getKeyType());
            this.valueGetter = ArrayData.createElementGetter(type.getValueType());
        }

        @Override
        void write(JsonWriter out, Object v) {
            MapData map = (MapData) v;
            ArrayData keys = map.keyArray();
            ArrayData values = map.valueArray();
            int n = map.size();
            if (stringKeys) {
                out.beginObject();
                for (int i = 0; i < n; i++) {
                    if (keys.isNullAt(i)) {
                        throw new IllegalArgumentException("a MAP with STRING keys cannot hold a NULL key in JSON");
                    }
                    out.name(keys.getString(i).toString());
                    writeSlot(out, value, values, i, valueGetter);
                }
                out.endObject();
            } else {
                out.beginArray();
                for (int i = 0; i < n; i++) {
                    out.beginObject();
                    out.rawName(KEY);
                    writeSlot(out, key, keys, i, keyGetter);
                    out.rawName(VALUE);
                    writeSlot(out, value, values, i, valueGetter);
                    out.endObject();
                }
                out.endArray();
            }
        }

        private static void writeSlot(
                JsonWriter out, InternalJson node, ArrayData array, int i, ArrayData.ElementGetter getter) {
            if (array.isNullAt(i)) {
                out.nullValue();
            } else {
                node.writeElement(out, array, i, getter);
            }
        }

        @Override
        boolean keepsBytes() {
            return key.keepsBytes() || value.keepsBytes();
        }

        @Override
        Object read(JsonReader in) {
            Map<Object, Object> out = new LinkedHashMap<>();
            if (stringKeys) {
                for (String name = in.beginObject(at, "an object"); name != null; name = in.nextName()) {
                    try {
                        out.put(StringData.fromString(name), value.readValue(in));
                    } catch (IllegalArgumentException e) {
                        throw inSlot(e, slot, at + "." + name);
                    }
                }
                return new GenericMapData(out);
            }
            String pairs = "a list of {\"key\": ..., \"value\": ...} objects";
            int i = 0;
            try {
                for (boolean more = in.beginArray(at, pairs); more; more = in.nextElement(), i++) {
                    Object k = null;
                    Object v = null;
                    in.beginObjectMembers(slot, "an object");
                    for (int m = in.nextMember(PAIR, 0, true); m != -2; m = in.nextMember(PAIR, m + 1, false)) {
                        switch (m) {
                            case 0 -> k = key.readValue(in);
                            case 1 -> v = value.readValue(in);
                            default -> in.skipValue();
                        }
                    }
                    out.put(k, v);
                }
            } catch (IllegalArgumentException e) {
                throw inSlot(e, slot, at + "[" + i + "]");
            }
            return new GenericMapData(out);
        }
    }
}
