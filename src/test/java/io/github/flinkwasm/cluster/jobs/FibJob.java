package io.github.flinkwasm.cluster.jobs;

import io.github.flinkwasm.datastream.WasmMapFunction;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A DataStream job submitted as a job jar: {@code fib(n % 25)} of n = 1..ROWS through a
 * WebAssembly function on two subtasks, collected back to the client, which prints one summary
 * line.
 *
 * <pre>{@code flink run -c io.github.flinkwasm.cluster.jobs.FibJob job.jar MANIFEST FUNCTION ROWS}</pre>
 */
public final class FibJob {
    private FibJob() {
        // no instances
    }

    public static void main(String[] args) throws Exception {
        String manifest = args[0];
        String function = args[1];
        long rows = Long.parseLong(args[2]);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        List<Integer> fibs = env.fromSequence(1, rows)
                .map(n -> (int) (n % 25))
                .returns(Types.INT)
                .rebalance()
                .map(WasmMapFunction.<Integer, Integer>of(manifest, function))
                .name("wasm " + function)
                .executeAndCollect("wasm-fib-job", (int) rows + 1);
        long sum = 0;
        for (int f : fibs) {
            sum += f;
        }
        System.out.println("wasm-fib-job: rows=" + fibs.size() + " sum=" + sum);
    }
}
