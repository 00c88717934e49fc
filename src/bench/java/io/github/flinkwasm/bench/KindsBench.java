package io.github.flinkwasm.bench;

import io.github.flinkwasm.invoke.AggregateInvoker;
import io.github.flinkwasm.invoke.FunctionInvoker;
import io.github.flinkwasm.metrics.MetricsRecorder;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.types.Representation;
import java.lang.reflect.Array;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Per-row cost of the table and aggregate kinds against the same functions in plain Java: a table
 * function emitting 10 rows per input ({@code series(10)} of src/test/wat/kinds.wat), and one
 * accumulate step of the sum-of-squares aggregate ({@code sumsq}), accumulator bytes in and out.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KindsBench {
    private FunctionInvoker series;
    private AggregateInvoker sumsq;
    private byte[] acc;
    private final JavaSumSquares.Acc javaAcc = new JavaSumSquares.Acc();
    private final JavaSumSquares javaSumsq = new JavaSumSquares();
    private Integer ten = 10;
    private Long x = 12345L;

    /** The Java reference aggregate's accumulate, as Flink calls it. */
    static final class JavaSumSquares {
        static final class Acc {
            long sum;
            long count;
        }

        void accumulate(Acc acc, Long v) {
            if (v != null) {
                acc.sum += v * v;
                acc.count++;
            }
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        Plugin plugin = BenchPlugins.kinds();
        series = FunctionInvoker.open(plugin, "series", MetricsRecorder.NONE, Representation.JAVA);
        sumsq = AggregateInvoker.open(plugin, "sumsq", MetricsRecorder.NONE, Representation.SQL_FUNCTION);
        acc = sumsq.create();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        series.close();
        sumsq.close();
    }

    @Benchmark
    public void tableTenRowsWasm(Blackhole bh) {
        Object rows = series.invoke(ten);
        int n = Array.getLength(rows);
        for (int i = 0; i < n; i++) {
            bh.consume(Array.get(rows, i));
        }
    }

    @Benchmark
    public void tableTenRowsJava(Blackhole bh) {
        for (int i = 0; i < ten; i++) {
            bh.consume(Integer.valueOf(i));
        }
    }

    @Benchmark
    public byte[] aggregateStepWasm() {
        acc = sumsq.accumulate(acc, x);
        return acc;
    }

    @Benchmark
    public long aggregateStepJava() {
        javaSumsq.accumulate(javaAcc, x);
        return javaAcc.sum;
    }
}
