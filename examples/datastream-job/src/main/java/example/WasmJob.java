package example;

import io.github.flinkwasm.datastream.WasmFlatMapFunction;
import io.github.flinkwasm.datastream.WasmMapFunction;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * A DataStream job over three functions of the C samples: a string function, a function that
 * returns a ROW, and a table function. Run with the folder of the sample plugins:
 *
 * <pre>
 * java -cp target/datastream-job-0.1.0.jar:$(cat target/classpath.txt) example.WasmJob ../../udf-samples/plugins
 * </pre>
 */
public final class WasmJob {
    public static void main(String[] args) throws Exception {
        String plugins = args.length > 0 ? args[0] : "udf-samples/plugins";
        String text = plugins + "/text_c.json";
        String kinds = plugins + "/kinds_c.json";

        // a local MiniCluster here (flink-clients on the classpath); the cluster's own when submitted
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<String> lines = env.fromData("to be or not", "wasm in flink").rebalance();

        // a scalar function: STRING -> STRING, the classes checked now, against the manifest
        DataStream<String> reversed = lines.map(WasmMapFunction.of(text, "c_str_reverse", String.class, String.class));
        // a scalar function returning ROW<browser STRING, os STRING>, as a Row
        DataStream<Row> agents = env.fromData("Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0")
                .map(WasmMapFunction.of(text, "c_parse_ua", String.class, Row.class));
        // a table function: one ROW<token STRING, pos INT> per word
        DataStream<Row> tokens = lines.flatMap(WasmFlatMapFunction.of(kinds, "c_tokens", String.class, Row.class));

        DataStream<String> all = reversed.map(s -> "reversed " + s)
                .union(agents.map(r -> "agent " + r), tokens.map(r -> "token " + r));
        List<String> out = new ArrayList<>();
        try (CloseableIterator<String> it = all.executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        out.sort(null);
        out.forEach(System.out::println);
    }
}
