package io.github.flinkwasm.types;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * {@code DECIMAL(p, s)}: a JSON number (a string holding one is read too), rounded half-up to the
 * scale; {@code BigDecimal}.
 */
final class DecimalCodec extends JsonKindCodec {
    static final DecimalCodec INSTANCE = new DecimalCodec();

    private DecimalCodec() {
        super(ValueKind.DECIMAL);
    }

    @Override
    void writeJson(JsonWriter out, LogicalType type, Object value) {
        out.numberText(((BigDecimal) value).toString());
    }

    @Override
    Object readJson(JsonReader in, LogicalType type, String at) {
        String text = in.peekString() ? in.readString(at, "a number") : in.readNumber(at, "a number");
        BigDecimal v;
        try {
            v = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(at + ": expected a number, found \"" + text + "\"");
        }
        BigDecimal scaled = scaled(v, (DecimalType) type);
        if (scaled == null) {
            throw new IllegalArgumentException(at + ": " + v + " does not fit " + type.asSummaryString());
        }
        return scaled;
    }

    /** The value at the type's scale, or null when it needs more digits than the precision. */
    private static BigDecimal scaled(BigDecimal v, DecimalType t) {
        BigDecimal s = v.setScale(t.getScale(), RoundingMode.HALF_UP);
        return s.precision() > t.getPrecision() ? null : s;
    }

    @Override
    Object fromLiteral(Literal literal, LogicalType type, String at) {
        BigDecimal v;
        if (literal instanceof Literal.Num n) {
            v = n.value();
        } else if ((literal instanceof Literal.Typed t && t.keyword().equals("DECIMAL"))
                || literal instanceof Literal.Str) {
            String text = literal instanceof Literal.Typed t ? t.value() : ((Literal.Str) literal).value();
            try {
                v = new BigDecimal(text.trim());
            } catch (NumberFormatException e) {
                throw mismatch(at, type, literal, "'" + text + "' is not a decimal number");
            }
        } else {
            throw mismatch(at, type, literal, "write a number such as 1.5 or DECIMAL '1.5'");
        }
        BigDecimal scaled = scaled(v, (DecimalType) type);
        if (scaled == null) {
            throw mismatch(at, type, literal, "it needs more than " + ((DecimalType) type).getPrecision() + " digits");
        }
        return scaled;
    }

    @Override
    void writeLiteral(StringBuilder out, LogicalType type, Object value) {
        out.append(((BigDecimal) value).toPlainString());
    }

    @Override
    public TypeInformation<?> javaTypeInformation(LogicalType type) {
        return Types.BIG_DEC;
    }
}
