package io.github.flinkwasm.table;

import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.types.ValueKind;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.inference.StaticArgument;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.table.types.inference.TypeStrategies;

/**
 * The SQL signature of a plugin function as Flink type inference. STRING crosses as Flink's
 * internal {@link StringData} (UTF-8 already, so no re-encoding) and DATE as days since the epoch;
 * every other type uses Flink's default class.
 */
@Internal
public final class WasmTypes {
    private WasmTypes() {
        // no instances
    }

    public static TypeInference typeInference(FunctionSignature signature, DataTypeFactory factory) {
        return typeInference(
                signature, factory, dataType(signature.returnType(), signature.returnKind(), factory), null);
    }

    /** The function's parameters as arguments, with this output type and accumulator type (or none). */
    static TypeInference typeInference(
            FunctionSignature signature, DataTypeFactory factory, DataType output, DataType accumulator) {
        TypeInference.Builder builder = TypeInference.newBuilder()
                .staticArguments(arguments(signature, factory))
                .outputTypeStrategy(TypeStrategies.explicit(output));
        if (accumulator != null) {
            builder.accumulatorTypeStrategy(TypeStrategies.explicit(accumulator));
        }
        return builder.build();
    }

    /** The function's parameters as Flink arguments named {@code arg0, arg1...}. */
    static List<StaticArgument> arguments(FunctionSignature signature, DataTypeFactory factory) {
        List<StaticArgument> args = new ArrayList<>();
        for (int i = 0; i < signature.paramTypes().size(); i++) {
            args.add(StaticArgument.scalar(
                    "arg" + i,
                    dataType(
                            signature.paramTypes().get(i),
                            signature.paramKinds().get(i),
                            factory),
                    false));
        }
        return args;
    }

    static DataType dataType(String sqlType, ValueKind kind, DataTypeFactory factory) {
        return kind.codec().sqlDataType(factory.createDataType(sqlType));
    }
}
