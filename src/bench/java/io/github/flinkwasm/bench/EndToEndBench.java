package io.github.flinkwasm.bench;

import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.table.WasmScalarFunction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.functions.UserDefinedFunction;

/**
 * Rows per second of whole Flink jobs, datagen -> Calc -> blackhole at parallelism 1 on one
 * MiniCluster, for each case and each way of computing it (no function, Flink's built-in, a plain
 * Java UDF, the WebAssembly UDF compiled and interpreted). Every variant of a case runs once per
 * round, in a rotating order, and the median over the rounds is reported. A job's fixed cost
 * (planning is outside the figure; deployment, code generation, open()) is measured by running the
 * same query over 1,000 rows in the same round and subtracted, so the figure is the steady per-row
 * time.
 *
 * <p>Usage: {@code EndToEndBench OUT.json [rounds] [seconds-per-job] [case,...]}
 */
public final class EndToEndBench {

    /** One way of computing a case. */
    record Variant(String name, String expr, long maxRows) {}

    /** One measured case: a source, a sink type and the variants. */
    record Case(String name, String source, String sinkType, List<Variant> variants) {}

    private static final long CALIBRATION_ROWS = 1_000;

    public static void main(String[] argv) throws Exception {
        Path out = Path.of(argv.length > 0 ? argv[0] : "target/bench/e2e.json");
        int rounds = argv.length > 1 ? Integer.parseInt(argv[1]) : 3;
        double seconds = argv.length > 2 ? Double.parseDouble(argv[2]) : 2.0;
        List<String> only = argv.length > 3 ? Arrays.asList(argv[3].split(",")) : List.of();

        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("64m"));
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(2)
                .build());
        cluster.start();
        TestStreamEnvironment.setAsContext(cluster, 1);
        try {
            StreamTableEnvironment tEnv = StreamTableEnvironment.create(
                    StreamExecutionEnvironment.getExecutionEnvironment(), EnvironmentSettings.inStreamingMode());
            tEnv.getConfig().set("parallelism.default", "1");
            tEnv.getConfig().set("table.exec.async-scalar.max-concurrent-operations", "16");
            register(tEnv);
            List<Case> cases = cases();
            StringBuilder json = new StringBuilder("{\n  \"java\": \"" + System.getProperty("java.vm.name") + " "
                    + System.getProperty("java.runtime.version") + "\",\n  \"rounds\": " + rounds
                    + ",\n  \"cases\": [\n");
            boolean firstCase = true;
            for (Case c : cases) {
                if (!only.isEmpty() && !only.contains(c.name)) {
                    continue;
                }
                // -Dbench.variants=REGEX keeps only the variants whose name it matches (ratios need the Java UDF's)
                String keep = System.getProperty("bench.variants", ".*");
                c = new Case(
                        c.name,
                        c.source,
                        c.sinkType,
                        c.variants.stream().filter(v -> v.name.matches(keep)).toList());
                json.append(firstCase ? "" : ",\n").append(run(tEnv, c, rounds, seconds));
                firstCase = false;
            }
            json.append("\n  ]\n}\n");
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, json);
            System.out.println("wrote " + out);
        } finally {
            TestStreamEnvironment.unsetAsContext();
            cluster.close();
        }
    }

    private static void register(StreamTableEnvironment tEnv) {
        Plugin compiled = BenchPlugins.load("bench_compiled", "compiled", 1000, 1);
        Plugin interpreted = BenchPlugins.load("bench_interpreted", "interpreted", 1000, 1);
        Map<String, Supplier<UserDefinedFunction>> f = new LinkedHashMap<>();
        f.put("j_add", JavaFunctions.Add::new);
        f.put("j_fib", JavaFunctions.Fib::new);
        f.put("j_upper", JavaFunctions.Upper::new);
        f.put("j_row", JavaFunctions.RowEcho::new);
        f.put("j_top3", JavaFunctions.Top3::new);
        f.put("c_top3", () -> new WasmScalarFunction(compiled, "w_top3"));
        f.put("c_upper8", () -> new WasmScalarFunction(compiled, "w_upper8"));
        for (String fn : List.of("add", "fib", "upper", "row")) {
            f.put("c_" + fn, () -> new WasmScalarFunction(compiled, "w_" + fn));
            f.put("i_" + fn, () -> new WasmScalarFunction(interpreted, "w_" + fn));
        }
        f.forEach((name, fn) -> tEnv.createTemporarySystemFunction(name, fn.get()));
        AsyncVariants.register(tEnv);
        KindsVariants.register(tEnv);

        String fast = "'rows-per-second' = '1000000000'";
        tEnv.executeSql("CREATE TEMPORARY TABLE ints (a INT, b INT) WITH ('connector' = 'datagen', " + fast + ")");
        tEnv.executeSql("CREATE TEMPORARY TABLE twenty (n INT) WITH ('connector' = 'datagen', " + fast
                + ", 'fields.n.min' = '20', 'fields.n.max' = '20')");
        tEnv.executeSql("CREATE TEMPORARY TABLE strs (a INT, s STRING) WITH ('connector' = 'datagen', " + fast
                + ", 'fields.s.length' = '16')");
        tEnv.executeSql("CREATE TEMPORARY TABLE arrs (xs " + BenchPlugins.ARRAY_TYPE
                + ") WITH ('connector' = 'datagen', " + fast + ", 'fields.xs.length' = '16')");
        tEnv.executeSql(
                "CREATE TEMPORARY TABLE sink_arr (v " + BenchPlugins.ARRAY_TYPE + ") WITH ('connector' = 'blackhole')");
        tEnv.executeSql("CREATE TEMPORARY TABLE sink_int (v INT) WITH ('connector' = 'blackhole')");
        tEnv.executeSql("CREATE TEMPORARY TABLE sink_str (v STRING) WITH ('connector' = 'blackhole')");
        tEnv.executeSql(
                "CREATE TEMPORARY TABLE sink_row (v " + BenchPlugins.ROW_TYPE + ") WITH ('connector' = 'blackhole')");
    }

    static List<Case> cases() {
        long big = 100_000_000L;
        String row = "CAST(ROW(a, s) AS " + BenchPlugins.ROW_TYPE + ")";
        // the 1 KiB string is built from the 16-byte one: datagen's random text costs far more per byte
        String kib = "REPEAT(s, 64)";
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(
                "add",
                "ints",
                "sink_int",
                List.of(
                        new Variant("no function", "a", big),
                        new Variant("built-in", "a + b", big),
                        new Variant("Java UDF", "j_add(a, b)", big),
                        new Variant("wasm compiled", "c_add(a, b)", big),
                        new Variant("wasm interpreted", "i_add(a, b)", big))));
        cases.add(new Case(
                "fib20",
                "twenty",
                "sink_int",
                List.of(
                        new Variant("no function", "n", big),
                        new Variant("Java UDF", "j_fib(n)", big),
                        new Variant("wasm compiled", "c_fib(n)", big),
                        new Variant("wasm interpreted", "i_fib(n)", 600))));
        cases.add(new Case(
                "upper16",
                "strs",
                "sink_str",
                List.of(
                        new Variant("no function", "s", big),
                        new Variant("built-in", "UPPER(s)", big),
                        new Variant("Java UDF", "j_upper(s)", big),
                        new Variant("wasm compiled", "c_upper(s)", big),
                        new Variant("wasm interpreted", "i_upper(s)", big))));
        cases.add(new Case(
                "upper1k",
                "strs",
                "sink_str",
                List.of(
                        new Variant("no function", kib, big),
                        new Variant("built-in", "UPPER(" + kib + ")", big),
                        new Variant("Java UDF", "j_upper(" + kib + ")", big),
                        new Variant("wasm compiled", "c_upper(" + kib + ")", big),
                        new Variant("wasm compiled, 8 bytes a step", "c_upper8(" + kib + ")", big),
                        new Variant("wasm interpreted", "i_upper(" + kib + ")", 20_000))));
        cases.add(new Case(
                "row",
                "strs",
                "sink_row",
                List.of(
                        new Variant("no function", row, big),
                        new Variant("Java UDF", "j_row(" + row + ")", big),
                        new Variant("wasm compiled", "c_row(" + row + ")", big),
                        new Variant("wasm interpreted", "i_row(" + row + ")", big))));
        cases.add(new Case(
                "top3",
                "arrs",
                "sink_arr",
                List.of(
                        new Variant("no function", "xs", big),
                        new Variant("Java UDF", "j_top3(xs)", big),
                        new Variant("wasm compiled", "c_top3(xs)", big))));
        cases.addAll(AsyncVariants.cases());
        cases.addAll(KindsVariants.cases());
        return cases;
    }

    private static String run(StreamTableEnvironment tEnv, Case c, int rounds, double seconds) throws Exception {
        int n = c.variants.size();
        long[] rows = new long[n];
        double[][] perRowNanos = new double[n][rounds];
        double[][] fixedMillis = new double[n][rounds];
        // pilot: warms up and sizes each variant's job to about `seconds`, or to -Dbench.rows rows
        long fixedRows = Long.getLong("bench.rows", 0);
        for (int v = 0; v < n; v++) {
            Variant var = c.variants.get(v);
            // a warm-up job first: a guest that runs thousands of wasm instructions per row is still in
            // the JVM's bytecode interpreter for its first ten thousand rows, and would be sized wrongly
            netMillis(tEnv, c, var, Math.max(1, Math.min(100_000, var.maxRows / 4)));
            if (fixedRows > 0) {
                rows[v] = Math.min(var.maxRows, fixedRows);
                continue;
            }
            double fixed = netMillis(tEnv, c, var, calibrationRows(var));
            long pilot = Math.min(10_000, var.maxRows / 4);
            double ms = netMillis(tEnv, c, var, pilot);
            while (ms - fixed < 400 && pilot < var.maxRows / 4) {
                pilot *= 4;
                ms = netMillis(tEnv, c, var, pilot);
            }
            double perRow = Math.max(1e-6, (ms - fixed) / pilot);
            rows[v] = Math.min(var.maxRows, Math.max(20 * calibrationRows(var), (long) (seconds * 1000 / perRow)));
            System.out.printf(
                    Locale.ROOT, "%s / %s: pilot %.0f ns/row -> %,d rows%n", c.name, var.name, perRow * 1e6, rows[v]);
        }
        double[][] millis = new double[n][rounds];
        double[][] cpuMillis = new double[n][rounds];
        double[][] fixedCpuMillis = new double[n][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < n; k++) {
                int v = (k + r) % n;
                Variant var = c.variants.get(v);
                long cpu0 = processCpuNanos();
                fixedMillis[v][r] = netMillis(tEnv, c, var, calibrationRows(var));
                long cpu1 = processCpuNanos();
                millis[v][r] = netMillis(tEnv, c, var, rows[v]);
                fixedCpuMillis[v][r] = (cpu1 - cpu0) / 1e6;
                cpuMillis[v][r] = (processCpuNanos() - cpu1) / 1e6;
                System.out.printf(
                        Locale.ROOT,
                        "  round %d %-8s %-28s %,12d rows %8.0f ms (fixed %4.0f ms)%n",
                        r + 1,
                        c.name,
                        var.name,
                        rows[v],
                        millis[v][r],
                        fixedMillis[v][r]);
            }
        }
        // a job's fixed cost is the median of its small runs: one small run alone is too noisy here
        double[][] cpuPerRowNanos = new double[n][rounds];
        for (int v = 0; v < n; v++) {
            double fixed = median(fixedMillis[v]);
            double fixedCpu = median(fixedCpuMillis[v]);
            for (int r = 0; r < rounds; r++) {
                long net = rows[v] - calibrationRows(c.variants.get(v));
                perRowNanos[v][r] = (millis[v][r] - fixed) * 1e6 / net;
                cpuPerRowNanos[v][r] = (cpuMillis[v][r] - fixedCpu) * 1e6 / net;
            }
        }
        StringBuilder sb = new StringBuilder("    {\"case\": \"" + c.name + "\", \"variants\": [\n");
        for (int v = 0; v < n; v++) {
            Variant var = c.variants.get(v);
            sb.append(String.format(
                    Locale.ROOT,
                    "      {\"variant\": \"%s\", \"expr\": \"%s\", \"rows\": %d, \"nsPerRow\": %.2f, "
                            + "\"jobMs\": %.0f, \"fixedMs\": %.0f, \"runsNsPerRow\": %s, \"cpuNsPerRow\": %.2f, "
                            + "\"runsCpuNsPerRow\": %s}%s%n",
                    var.name,
                    var.expr.replace("\"", "\\\""),
                    rows[v],
                    median(perRowNanos[v]),
                    median(millis[v]),
                    median(fixedMillis[v]),
                    Arrays.toString(perRowNanos[v]),
                    median(cpuPerRowNanos[v]),
                    Arrays.toString(cpuPerRowNanos[v]),
                    v + 1 < n ? "," : ""));
            System.out.printf(
                    Locale.ROOT,
                    "%s / %s: %.1f ns/row, process CPU %.1f ns/row, whole job %.0f ms%n",
                    c.name,
                    var.name,
                    median(perRowNanos[v]),
                    median(cpuPerRowNanos[v]),
                    median(millis[v]));
        }
        return sb.append("    ]}").toString();
    }

    private static double netMillis(StreamTableEnvironment tEnv, Case c, Variant v, long rows) throws Exception {
        String source = c.source + " /*+ OPTIONS('number-of-rows' = '" + rows + "') */";
        if (v.expr.contains("{view}")) {
            // where SQL takes no hint (a process function's TABLE argument): a view of the hinted source
            tEnv.executeSql("DROP TEMPORARY VIEW IF EXISTS bench_view");
            tEnv.executeSql("CREATE TEMPORARY VIEW bench_view AS SELECT * FROM " + source);
            source = "bench_view";
        }
        String sql = "INSERT INTO " + c.sinkType + " SELECT "
                + (v.expr.contains("{src}") || v.expr.contains("{view}")
                        ? v.expr.replace("{src}", source).replace("{view}", source)
                        : v.expr + " FROM " + source);
        TableResult result = tEnv.executeSql(sql);
        JobExecutionResult done =
                result.getJobClient().orElseThrow().getJobExecutionResult().get();
        return done.getNetRuntime();
    }

    /**
     * CPU time of the whole JVM (task thread, garbage collector, JIT): on a machine shared with
     * other work, the steadier measure of what a row costs.
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long calibrationRows(Variant v) {
        return Math.max(1, Math.min(CALIBRATION_ROWS, v.maxRows / 20));
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
