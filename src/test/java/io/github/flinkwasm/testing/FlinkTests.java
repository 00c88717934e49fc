package io.github.flinkwasm.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/** A MiniCluster with two slots, and helpers to run SQL on it with parallelism 2. */
public final class FlinkTests {
    public static final int PARALLELISM = 2;

    private FlinkTests() {
        // no instances
    }

    /** A MiniCluster of one TaskManager with two slots that keeps metrics for the reporter. */
    public static MiniClusterExtension miniCluster(InMemoryReporter reporter) {
        Configuration conf = reporter == null ? new Configuration() : reporter.addToConfiguration(new Configuration());
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(PARALLELISM)
                .setConfiguration(conf)
                .build());
    }

    /** A streaming table environment on the test's MiniCluster, parallelism 2. */
    public static TableEnvironment tableEnv() {
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tEnv.getConfig().set("parallelism.default", String.valueOf(PARALLELISM));
        return tEnv;
    }

    public static List<Row> collect(TableResult result) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    /** A datagen table {@code name(n INT)} with n = 1..rows, read by two parallel subtasks. */
    public static void sequence(TableEnvironment tEnv, String name, int rows) {
        tEnv.executeSql("CREATE TEMPORARY TABLE " + name + " (n INT) WITH ('connector' = 'datagen', "
                + "'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '" + rows + "')");
    }

    /**
     * The value of one counter of a job per subtask, by the scope's subtask index: metric names end
     * in {@code .<subtask>.wasm.<plugin>.<function>.<counter>}.
     */
    public static Map<Integer, Long> countersBySubtask(
            InMemoryReporter reporter,
            org.apache.flink.api.common.JobID job,
            String plugin,
            String function,
            String counter) {
        String suffix = ".wasm." + plugin + "." + function + "." + counter;
        Map<Integer, Long> out = new TreeMap<>();
        for (Map.Entry<String, Metric> e : reporter.findMetrics(job, counter).entrySet()) {
            String name = e.getKey();
            if (name.endsWith(suffix) && e.getValue() instanceof Counter) {
                String head = name.substring(0, name.length() - suffix.length());
                int subtask = Integer.parseInt(head.substring(head.lastIndexOf('.') + 1));
                out.merge(subtask, ((Counter) e.getValue()).getCount(), Long::sum);
            }
        }
        return out;
    }
}
