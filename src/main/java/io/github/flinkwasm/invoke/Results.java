package io.github.flinkwasm.invoke;

import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.engine.WasmInstance;
import io.github.flinkwasm.plugin.ValueKind;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.LogicalType;

/** Reads a WebAssembly result as a SQL value (SPEC section 3). */
final class Results {

    /** Converts the raw result bits. */
    interface Reader {
        Object read(long raw, WasmInstance instance);
    }

    private Results() {
        // no instances
    }

    /**
     * @param external true for Java's own classes ({@code String}, {@code LocalDate}), false for
     *     Flink's internal ones ({@code StringData}, {@code Integer} days) that SQL functions return
     */
    static Reader reader(ValueKind kind, LogicalType type, String what, boolean external) {
        if (!kind.inMemory()) {
            return (r, i) -> number(kind, r, external);
        }
        switch (kind) {
            case STRING:
                return (r, i) -> {
                    byte[] bytes = i.takePacked(r, what);
                    checkUtf8(bytes, what);
                    return external ? new String(bytes, StandardCharsets.UTF_8) : StringData.fromBytes(bytes);
                };
            case BYTES:
                return (r, i) -> i.takePacked(r, what);
            case JSON:
                JsonCodec codec = new JsonCodec(type);
                return (r, i) -> {
                    byte[] bytes = i.takePacked(r, what);
                    checkUtf8(bytes, what);
                    try {
                        return codec.decode(bytes);
                    } catch (RuntimeException e) {
                        throw new WasmCallException(
                                what + " returned JSON that does not fit " + type + ": " + e.getMessage(), e);
                    }
                };
            default:
                throw new IllegalArgumentException("no reader for " + kind);
        }
    }

    /** The value of a result of a kind that is not {@link ValueKind#inMemory()}. */
    static Object number(ValueKind kind, long r, boolean external) {
        switch (kind) {
            case INT:
                return (int) r;
            case DATE:
                return external ? LocalDate.ofEpochDay((int) r) : (Object) (int) r;
            case SMALLINT:
                return (short) r;
            case TINYINT:
                return (byte) r;
            case BOOLEAN:
                return ((int) r) != 0;
            case BIGINT:
                return r;
            case FLOAT:
                return Float.intBitsToFloat((int) r);
            case DOUBLE:
                return Double.longBitsToDouble(r);
            default:
                throw new IllegalArgumentException(kind + " is passed in linear memory");
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private static void checkUtf8(byte[] bytes, String what) {
        // only strings with non-ASCII bytes need the decoder; look at eight bytes at a time
        int i = 0;
        long high = 0;
        for (; i + 8 <= bytes.length; i += 8) {
            high |= (long) LONGS.get(bytes, i);
        }
        for (; i < bytes.length; i++) {
            high |= bytes[i];
        }
        if ((high & HIGH_BITS) != 0) {
            validate(bytes, what);
        }
    }

    private static void validate(byte[] bytes, String what) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new WasmCallException(
                    what + " returned a string that is not valid UTF-8 (" + bytes.length + " bytes: " + e.getMessage()
                            + ")",
                    e);
        }
    }
}
