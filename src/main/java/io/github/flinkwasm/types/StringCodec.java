package io.github.flinkwasm.types;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.memory.MemorySegment;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * {@code STRING} ({@code CHAR}, {@code VARCHAR}): UTF-8 in linear memory; Flink's {@link
 * StringData} in SQL functions (UTF-8 already: an argument is copied straight from Flink's memory
 * segment into the guest's), {@code String} in Java. A result must be valid UTF-8.
 */
final class StringCodec extends ValueCodec {
    static final StringCodec INSTANCE = new StringCodec();

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private StringCodec() {
        super(ValueKind.STRING);
    }

    @Override
    public byte[] toBytes(Object value, LogicalType type) {
        return value instanceof StringData s ? s.toBytes() : value.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Object fromBytes(byte[] bytes, LogicalType type, Representation representation) {
        checkUtf8(bytes);
        return switch (representation) {
            case SQL_FUNCTION -> StringData.fromBytes(bytes);
            case JAVA -> new String(bytes, StandardCharsets.UTF_8);
        };
    }

    @Override
    public ArgumentWriter argumentWriter(LogicalType type) {
        return StringCodec::write;
    }

    private static int write(Object v, long[] a, int s, io.github.flinkwasm.engine.WasmInstance i, ArgumentBlocks b) {
        if (v instanceof BinaryStringData str) {
            str.ensureMaterialized();
            MemorySegment[] segments = str.getSegments();
            if (segments.length == 1 && !segments[0].isOffHeap()) {
                // the common case: copy the UTF-8 bytes straight from Flink's segment
                return b.pass(segments[0].getHeapMemory(), str.getOffset(), str.getSizeInBytes(), a, s, i);
            }
            byte[] bytes = str.toBytes();
            return b.pass(bytes, 0, bytes.length, a, s, i);
        }
        byte[] bytes = INSTANCE.toBytes(v, null);
        return b.pass(bytes, 0, bytes.length, a, s, i);
    }

    /**
     * Checks that bytes are UTF-8. Only strings with a non-ASCII byte go to the decoder; the scan
     * reads eight bytes at a time.
     *
     * @throws IllegalArgumentException when they are not
     */
    static void checkUtf8(byte[] bytes) {
        checkUtf8(bytes, bytes.length);
    }

    /** {@link #checkUtf8(byte[])} of the first {@code length} bytes. */
    static void checkUtf8(byte[] bytes, int length) {
        int i = 0;
        long high = 0;
        for (; i + 8 <= length; i += 8) {
            high |= (long) LONGS.get(bytes, i);
        }
        for (; i < length; i++) {
            high |= bytes[i];
        }
        if ((high & HIGH_BITS) != 0) {
            ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
            CoderResult r = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(in, CharBuffer.allocate(length), true);
            if (r.isError()) {
                int at = Math.min(in.position(), length - 1);
                throw new IllegalArgumentException("a string that is not valid UTF-8 (" + length
                        + " bytes; byte 0x" + String.format("%02x", bytes[at] & 0xff) + " at offset " + at
                        + " cannot start or continue a UTF-8 character)");
            }
        }
    }

    @Override
    void writeJson(JsonWriter out, LogicalType type, Object value) {
        out.string(value.toString());
    }

    @Override
    Object readJson(JsonReader in, LogicalType type, String at) {
        return in.readString(at, "a string");
    }

    @Override
    Object fromLiteral(Literal literal, LogicalType type, String at) {
        if (literal instanceof Literal.Str s) {
            return s.value();
        }
        throw mismatch(at, type, literal, "write a quoted string such as 'text'");
    }

    @Override
    void writeLiteral(StringBuilder out, LogicalType type, Object value) {
        out.append(Literal.quote(value.toString()));
    }

    @Override
    public DataType sqlDataType(DataType declared) {
        return declared.bridgedTo(StringData.class);
    }

    @Override
    public TypeInformation<?> javaTypeInformation(LogicalType type) {
        return Types.STRING;
    }
}
