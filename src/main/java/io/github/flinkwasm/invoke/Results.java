package io.github.flinkwasm.invoke;

import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.plugin.ValueKind;
import io.github.flinkwasm.runtime.WasmInstance;

import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.LogicalType;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

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
        switch (kind) {
            case INT:
                return (r, i) -> (int) r;
            case DATE:
                return external ? (r, i) -> LocalDate.ofEpochDay((int) r) : (r, i) -> (int) r;
            case SMALLINT:
                return (r, i) -> (short) r;
            case TINYINT:
                return (r, i) -> (byte) r;
            case BOOLEAN:
                return (r, i) -> ((int) r) != 0;
            case BIGINT:
                return (r, i) -> r;
            case FLOAT:
                return (r, i) -> Float.intBitsToFloat((int) r);
            case DOUBLE:
                return (r, i) -> Double.longBitsToDouble(r);
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
                        throw new WasmCallException(what + " returned JSON that does not fit " + type + ": "
                                + e.getMessage(), e);
                    }
                };
            default:
                throw new IllegalArgumentException("no reader for " + kind);
        }
    }

    private static void checkUtf8(byte[] bytes, String what) {
        for (byte b : bytes) {
            if (b < 0) {
                validate(bytes, what); // only strings with non-ASCII bytes need the decoder
                return;
            }
        }
    }

    private static void validate(byte[] bytes, String what) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new WasmCallException(what + " returned a string that is not valid UTF-8 ("
                    + bytes.length + " bytes: " + e.getMessage() + ")", e);
        }
    }
}
