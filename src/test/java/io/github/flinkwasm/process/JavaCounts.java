package io.github.flinkwasm.process;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.ProcessTableFunction;
import org.apache.flink.table.types.inference.StateTypeStrategy;
import org.apache.flink.table.types.inference.StaticArgument;
import org.apache.flink.table.types.inference.StaticArgumentTrait;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.table.types.inference.TypeStrategies;
import org.apache.flink.types.Row;

/**
 * The Java reference of the hand-written guest's {@code counts} (src/test/wat/process.wat):
 * tumbling 10-second windows per key, each emitted by a timer at its end - 1 as (window_end, n).
 * Same state layout (pairs of i64) and the same type inference as the WebAssembly function.
 */
public class JavaCounts extends ProcessTableFunction<Row> {
    private static final long serialVersionUID = 1L;
    static final long WINDOW = 10_000;

    @Override
    public TypeInference getTypeInference(DataTypeFactory factory) {
        LinkedHashMap<String, StateTypeStrategy> state = new LinkedHashMap<>();
        state.put(
                "state",
                StateTypeStrategy.of(
                        TypeStrategies.explicit(DataTypes.ROW(DataTypes.FIELD("bytes", DataTypes.BYTES())))));
        return TypeInference.newBuilder()
                .staticArguments(StaticArgument.table(
                        "input",
                        Row.class,
                        false,
                        EnumSet.of(StaticArgumentTrait.TABLE, StaticArgumentTrait.SET_SEMANTIC_TABLE)))
                .stateTypeStrategies(state)
                .outputTypeStrategy(TypeStrategies.explicit(DataTypes.ROW(
                        DataTypes.FIELD("window_end", DataTypes.BIGINT()), DataTypes.FIELD("n", DataTypes.BIGINT()))))
                .build();
    }

    public void eval(Context ctx, Row state, Row input) {
        TimeContext<Long> time = ctx.timeContext(Long.class);
        long end = (Math.floorDiv(time.time(), WINDOW) + 1) * WINDOW;
        byte[] old = (byte[]) state.getField(0);
        ByteBuffer in = ByteBuffer.wrap(old == null ? new byte[0] : old);
        for (int i = 0; i < in.limit(); i += 16) {
            if (in.getLong(i) == end) {
                in.putLong(i + 8, in.getLong(i + 8) + 1);
                state.setField(0, in.array());
                return;
            }
        }
        ByteBuffer out =
                ByteBuffer.allocate(in.limit() + 16).put(in).putLong(end).putLong(1);
        state.setField(0, out.array());
        time.registerOnTime(end - 1);
    }

    public void onTimer(OnTimerContext ctx, Row state) {
        long end = ctx.timeContext(Long.class).time() + 1;
        ByteBuffer in = ByteBuffer.wrap((byte[]) state.getField(0));
        ByteBuffer out = ByteBuffer.allocate(in.limit());
        for (int i = 0; i < in.limit(); i += 16) {
            if (in.getLong(i) == end) {
                collect(Row.of(end, in.getLong(i + 8)));
            } else {
                out.putLong(in.getLong(i)).putLong(in.getLong(i + 8));
            }
        }
        if (out.position() == 0) {
            ctx.clearState("state");
        } else {
            state.setField(0, java.util.Arrays.copyOf(out.array(), out.position()));
        }
    }
}
