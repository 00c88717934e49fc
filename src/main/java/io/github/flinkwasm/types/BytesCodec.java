package io.github.flinkwasm.types;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * {@code BYTES} ({@code BINARY}, {@code VARBINARY}): raw bytes in linear memory; {@code byte[]};
 * base64 in JSON; {@code X'0a0b'} as a literal.
 */
final class BytesCodec extends ValueCodec {
    static final BytesCodec INSTANCE = new BytesCodec();

    private BytesCodec() {
        super(ValueKind.BYTES);
    }

    @Override
    public byte[] toBytes(Object value, LogicalType type) {
        return (byte[]) value;
    }

    @Override
    public Object fromBytes(byte[] bytes, LogicalType type, Representation representation) {
        return bytes;
    }

    @Override
    void writeJson(JsonWriter out, LogicalType type, Object value) {
        out.string(Base64.getEncoder().encodeToString((byte[]) value));
    }

    @Override
    Object readJson(JsonReader in, LogicalType type, String at) {
        String text = in.readString(at, "a base64 string");
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": expected a base64 string, found \"" + text + "\"", e);
        }
    }

    @Override
    Object fromLiteral(Literal literal, LogicalType type, String at) {
        if (literal instanceof Literal.Bin b) {
            return b.value();
        }
        if (literal instanceof Literal.Str s) {
            return s.value().getBytes(StandardCharsets.UTF_8);
        }
        throw mismatch(at, type, literal, "write hexadecimal bytes such as X'0a0b' or a string");
    }

    @Override
    void writeLiteral(StringBuilder out, LogicalType type, Object value) {
        out.append("X'").append(HexFormat.of().formatHex((byte[]) value)).append('\'');
    }

    @Override
    public TypeInformation<?> javaTypeInformation(LogicalType type) {
        return Types.PRIMITIVE_ARRAY(Types.BYTE);
    }
}
