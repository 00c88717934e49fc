package io.github.flinkwasm.datastream;

import io.github.flinkwasm.plugin.FunctionSignature;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.table.runtime.typeutils.ExternalTypeInfo;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.apache.flink.table.types.utils.TypeConversions;

/** The DataStream type of a function's result, in Java's own classes. */
final class ResultTypes {
    private ResultTypes() {
        // no instances
    }

    static <T> TypeInformation<T> of(FunctionSignature signature) {
        return of(signature.returnKind(), signature.returnType());
    }

    /** The type of one row of a table function. */
    static <T> TypeInformation<T> ofRows(FunctionSignature signature) {
        return of(
                io.github.flinkwasm.plugin.ValueKind.of(
                        LogicalTypeParser.parse(signature.returnType(), ResultTypes.class.getClassLoader())),
                signature.returnType());
    }

    @SuppressWarnings("unchecked")
    static <T> TypeInformation<T> of(io.github.flinkwasm.plugin.ValueKind kind, String sqlType) {
        TypeInformation<?> t;
        switch (kind) {
            case INT:
                t = Types.INT;
                break;
            case BIGINT:
                t = Types.LONG;
                break;
            case SMALLINT:
                t = Types.SHORT;
                break;
            case TINYINT:
                t = Types.BYTE;
                break;
            case BOOLEAN:
                t = Types.BOOLEAN;
                break;
            case FLOAT:
                t = Types.FLOAT;
                break;
            case DOUBLE:
                t = Types.DOUBLE;
                break;
            case DATE:
                t = Types.LOCAL_DATE;
                break;
            case STRING:
                t = Types.STRING;
                break;
            case BYTES:
                t = Types.PRIMITIVE_ARRAY(Types.BYTE);
                break;
            default:
                t = ExternalTypeInfo.of(TypeConversions.fromLogicalToDataType(
                        LogicalTypeParser.parse(sqlType, ResultTypes.class.getClassLoader())));
        }
        return (TypeInformation<T>) t;
    }
}
