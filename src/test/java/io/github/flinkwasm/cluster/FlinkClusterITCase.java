package io.github.flinkwasm.cluster;

import static io.github.flinkwasm.testing.Fibonacci.fib;
import static io.github.flinkwasm.testing.Fibonacci.fibLong;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinkwasm.cli.PluginPackager;
import io.github.flinkwasm.cluster.jobs.FibJob;
import io.github.flinkwasm.cluster.jobs.RecoveryJob;
import io.github.flinkwasm.testing.TestPlugins;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * WebAssembly functions on a real Flink cluster: a JobManager and a TaskManager with two slots as
 * separate JVMs on loopback, their classpath made of Maven artifacts only, and the connector jar
 * shipped with the jobs. Run with {@code mvn verify -Pcluster}; logs stay in {@code
 * target/cluster-logs/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlinkClusterITCase {
    static final Path TARGET = Path.of("target").toAbsolutePath();
    static final Path LOGS = TARGET.resolve("cluster-logs");
    static final Path WORK = TARGET.resolve("cluster/run");
    static final Path CONNECTOR_JAR = TARGET.resolve("flink-wasm-connector.jar");
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    static final int RECOVERY_ROWS = 1_000_000;
    static final int RECOVERY_ROWS_PER_SECOND = 40_000;

    private static LocalFlinkCluster cluster;
    private static String sampleMetricId;
    private static Process taskManager;
    private static Path jobJar;

    /** Names the log folder in every failure. */
    @RegisterExtension
    static final TestExecutionExceptionHandler LOG_HINT = (ExtensionContext context, Throwable t) -> {
        throw new AssertionError(t.getMessage() + "\n(cluster logs: " + LOGS + ")", t);
    };

    @BeforeAll
    static void startCluster() throws Exception {
        String cpFile = System.getProperty("cluster.classpathFile");
        assertThat(cpFile)
                .as("system property cluster.classpathFile; run with mvn verify -Pcluster")
                .isNotNull();
        assertThat(CONNECTOR_JAR).as("the connector jar (mvn package)").isRegularFile();
        deleteTree(LOGS);
        deleteTree(WORK);
        Files.createDirectories(LOGS);
        Files.createDirectories(WORK);
        jobJar = buildJobJar(WORK.resolve("wasm-jobs.jar"));

        cluster = new LocalFlinkCluster(LocalFlinkCluster.distributionClasspath(), WORK, LOGS);
        cluster.startJobManager(START_TIMEOUT);
        taskManager = cluster.startTaskManager(START_TIMEOUT);
        // the slots of a registered TaskManager show up a moment after the TaskManager itself
        LocalFlinkCluster.await(
                LocalFlinkCluster.SLOTS + " slots",
                START_TIMEOUT,
                () -> cluster.get("/overview").path("slots-total").asInt() == LocalFlinkCluster.SLOTS);
        JsonNode overview = cluster.get("/overview");
        assertThat(overview.path("taskmanagers").asInt()).isEqualTo(1);
        assertThat(overview.path("slots-total").asInt()).isEqualTo(LocalFlinkCluster.SLOTS);
        System.out.println("Flink " + overview.path("flink-version").asText() + " cluster at " + cluster.restUrl()
                + ", logs in " + LOGS);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
        System.out.println("cluster stopped; logs in " + LOGS);
    }

    @Test
    @Order(1)
    void shouldRunWasmFunctionsFromTheSqlClient() throws Exception {
        Path udfJar = WORK.resolve("seed-udf.jar");
        List<String> classes = PluginPackager.write(TestPlugins.sample("seed"), udfJar, null);
        assertThat(classes).contains("flinkwasm.udf.seed.Fib");
        String script = template(
                "cluster/wasm-functions.sql",
                Map.of(
                        "PLUGINS", TestPlugins.sample("seed_wat"),
                        "SEED_UDF_JAR", udfJar.toString(),
                        "CONNECTOR_JAR", CONNECTOR_JAR.toString()));
        Path scriptFile = Files.writeString(WORK.resolve("wasm-functions.sql"), script);

        LocalFlinkCluster.ClientRun run = cluster.runClient(
                "sql-client",
                clientLib(),
                "org.apache.flink.table.client.SqlClient",
                List.of("embedded", "-hist", WORK.resolve("sql-history").toString(), "-f", scriptFile.toString()),
                Duration.ofMinutes(4));

        assertThat(run.output()).as(run.outputFile().toString()).doesNotContain("[ERROR]");
        assertThat(run.exitCode()).as(run.outputFile().toString()).isZero();
        Map<Integer, List<Long>> rows = tableauRows(run.output(), 5);
        assertThat(rows.keySet()).as(run.output()).hasSize(12);
        for (Map.Entry<Integer, List<Long>> r : rows.entrySet()) {
            int n = r.getKey();
            assertThat(r.getValue())
                    .as("row n=" + n)
                    .containsExactly((long) n, n + 100L, (long) fib(n), fibLong(n), (long) fib(n));
        }
        System.out.println(
                "SQL client: " + rows.size() + " rows in " + run.took().toMillis() + " ms");
    }

    @Test
    @Order(2)
    void shouldRunAJobJarWithAWasmMapFunction() throws Exception {
        int rows = 1000;
        LocalFlinkCluster.ClientRun run = cluster.runClient(
                "flink-run-fib",
                List.of(),
                "org.apache.flink.client.cli.CliFrontend",
                List.of(
                        "run",
                        "-c",
                        FibJob.class.getName(),
                        jobJar.toString(),
                        TestPlugins.sample("seed_wat"),
                        "wat_fib",
                        Integer.toString(rows)),
                Duration.ofMinutes(4));

        assertThat(run.exitCode()).as(run.outputFile().toString()).isZero();
        long expected = 0;
        for (int n = 1; n <= rows; n++) {
            expected += fib(n % 25);
        }
        assertThat(run.output()).contains("wasm-fib-job: rows=" + rows + " sum=" + expected);
        String jobId = jobId(run.output());
        assertThat(cluster.jobStatus(jobId)).isEqualTo("FINISHED");
        System.out.println(
                "job jar: job " + jobId + " FINISHED in " + run.took().toMillis() + " ms");
    }

    @Test
    @Order(3)
    void shouldRecoverFromALostTaskManagerWithEveryRowExactlyOnce() throws Exception {
        Path out = WORK.resolve("recovery-out");
        LocalFlinkCluster.ClientRun submit = cluster.runClient(
                "flink-run-recovery",
                List.of(),
                "org.apache.flink.client.cli.CliFrontend",
                List.of(
                        "run",
                        "-d",
                        "-c",
                        RecoveryJob.class.getName(),
                        jobJar.toString(),
                        TestPlugins.sample("seed_wat"),
                        Integer.toString(RECOVERY_ROWS),
                        Integer.toString(RECOVERY_ROWS_PER_SECOND),
                        out.toUri().toString()),
                Duration.ofMinutes(4));
        assertThat(submit.exitCode()).as(submit.outputFile().toString()).isZero();
        String jobId = jobId(submit.output());

        // mid-run: a few checkpoints committed, most rows still to come
        LocalFlinkCluster.await(
                "3 completed checkpoints of job " + jobId,
                Duration.ofMinutes(3),
                () -> cluster.completedCheckpoints(jobId) >= 3);
        assertThat(cluster.jobStatus(jobId)).isEqualTo("RUNNING");

        // the metrics of the function, through the REST API, while the job runs
        Map<String, Long> metrics = wasmMetrics(jobId, "seed_wat", "wat_sum", calls -> calls > 0);
        System.out.println("wasm metrics before the kill: " + metrics + " (ids such as " + sampleMetricId + ")");
        assertThat(metrics.get("calls")).isPositive();
        assertThat(metrics.get("errors")).isZero();
        assertThat(metrics.get("timeouts")).isZero();
        assertThat(compiledMachinesIn(taskManager))
                .as("Chicory-compiled machine classes in the TaskManager")
                .isPositive();

        long checkpointsBeforeKill = cluster.completedCheckpoints(jobId);
        long committedBeforeKill = countLines(out);
        long killedAt = System.nanoTime();
        cluster.kill9(taskManager);
        long killMillis = System.currentTimeMillis();
        taskManager = cluster.startTaskManager(START_TIMEOUT);
        long newTaskManagerNanos = System.nanoTime() - killedAt;

        LocalFlinkCluster.await(
                "a checkpoint of job " + jobId + " completed after the kill",
                Duration.ofMinutes(3),
                () -> cluster.checkpointCompletedAfter(jobId, killMillis));
        long recoveredNanos = System.nanoTime() - killedAt;
        // the restarted subtasks count from zero again: wait until the REST API shows their values
        long callsBeforeKill = metrics.get("calls");
        Map<String, Long> metricsAfter =
                wasmMetrics(jobId, "seed_wat", "wat_sum", calls -> calls > 0 && calls != callsBeforeKill);
        System.out.println("wasm metrics after the restart: " + metricsAfter);
        assertThat(metricsAfter.get("errors")).isZero();

        cluster.awaitFinished(jobId, Duration.ofMinutes(5));
        long restarts = cluster.jobMetric(jobId, "numRestarts");

        Outcome outcome = readOutput(out);
        String report = String.join(
                "\n",
                "recovery of job " + jobId + " after kill -9 of the TaskManager",
                "  rows in:               " + RECOVERY_ROWS,
                "  rows out:              " + outcome.lines,
                "  distinct ids:          " + outcome.distinct,
                "  duplicates:            " + outcome.duplicates,
                "  missing:               " + (RECOVERY_ROWS - outcome.distinct),
                "  foreign lines:         " + outcome.foreign,
                "  sum of ids:            " + outcome.idSum + " (expected " + expectedIdSum() + ")",
                "  sum of f(id):          " + outcome.resultSum + " (expected " + expectedResultSum() + ")",
                "  lines committed before the kill: " + committedBeforeKill + " (after " + checkpointsBeforeKill
                        + " checkpoints)",
                "  job restarts:          " + restarts,
                "  new TaskManager registered after: " + millis(newTaskManagerNanos) + " ms",
                "  time to recover (kill -> first checkpoint completed after it): " + millis(recoveredNanos) + " ms",
                "  uncommitted leftovers of the killed attempt: " + outcome.leftovers + " files",
                "");
        System.out.println(report);
        Files.writeString(LOGS.resolve("recovery-report.txt"), report);

        assertThat(restarts).as("restarts").isPositive();
        assertThat(outcome.foreign)
                .as("lines that are not f(id) of an id in range")
                .isZero();
        assertThat(outcome.duplicates).as("duplicates").isZero();
        assertThat(outcome.distinct).as("distinct ids").isEqualTo(RECOVERY_ROWS);
        assertThat(outcome.lines).as("rows out").isEqualTo(RECOVERY_ROWS);
        assertThat(outcome.idSum).isEqualTo(expectedIdSum());
        assertThat(outcome.resultSum).isEqualTo(expectedResultSum());
    }

    // ---- the recovery job's output

    private record Outcome(
            long lines, long distinct, long duplicates, long foreign, long idSum, long resultSum, long leftovers) {}

    /** Reads every committed part file; files whose name starts with '.' are not committed. */
    private static Outcome readOutput(Path out) throws IOException {
        BitSet seen = new BitSet(RECOVERY_ROWS + 1);
        long lines = 0;
        long duplicates = 0;
        long foreign = 0;
        long idSum = 0;
        long resultSum = 0;
        long leftovers = 0;
        for (Path file : files(out)) {
            if (file.getFileName().toString().startsWith(".")) {
                leftovers++;
                continue;
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lines++;
                long value = Long.parseLong(line.trim());
                long id = value - RecoveryJob.OFFSET;
                if (id < 1 || id > RECOVERY_ROWS) {
                    foreign++;
                    continue;
                }
                if (seen.get((int) id)) {
                    duplicates++;
                } else {
                    seen.set((int) id);
                }
                idSum += id;
                resultSum += value;
            }
        }
        return new Outcome(lines, seen.cardinality(), duplicates, foreign, idSum, resultSum, leftovers);
    }

    private static long countLines(Path out) throws IOException {
        long n = 0;
        for (Path file : files(out)) {
            if (!file.getFileName().toString().startsWith(".")) {
                try (Stream<String> lines = Files.lines(file)) {
                    n += lines.count();
                }
            }
        }
        return n;
    }

    static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static long expectedIdSum() {
        return (long) RECOVERY_ROWS * (RECOVERY_ROWS + 1) / 2;
    }

    private static long expectedResultSum() {
        return expectedIdSum() + (long) RECOVERY_ROWS * RecoveryJob.OFFSET;
    }

    // ---- REST

    /**
     * The function's metrics summed over subtasks, from {@code /jobs/<id>/vertices/<v>/metrics}:
     * ids end in {@code .wasm.<plugin>.<function>.<metric>}.
     */
    private static Map<String, Long> wasmMetrics(
            String jobId, String plugin, String function, java.util.function.LongPredicate callsOk) {
        String infix = ".wasm." + plugin + "." + function + ".";
        Map<String, Long> sums = new TreeMap<>();
        LocalFlinkCluster.await("wasm metrics of job " + jobId + " in the REST API", Duration.ofMinutes(1), () -> {
            sums.clear();
            for (JsonNode vertex : cluster.get("/jobs/" + jobId).path("vertices")) {
                String base =
                        "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/metrics";
                List<String> ids = new ArrayList<>();
                for (JsonNode m : cluster.get(base)) {
                    String id = m.path("id").asText();
                    if (id.contains(infix)) {
                        ids.add(id);
                    }
                }
                if (ids.isEmpty()) {
                    continue;
                }
                sampleMetricId = ids.get(0);
                for (JsonNode v : cluster.get(base + "?get=" + String.join(",", ids))) {
                    String id = v.path("id").asText();
                    String metric = id.substring(id.indexOf(infix) + infix.length());
                    try {
                        sums.merge(
                                metric,
                                (long) Double.parseDouble(v.path("value").asText()),
                                Long::sum);
                    } catch (NumberFormatException e) {
                        // histogram statistics come as several numeric entries; skip anything else
                    }
                }
            }
            return sums.containsKey("calls") && callsOk.test(sums.get("calls"));
        });
        return sums;
    }

    /** Classes of Chicory's compiler in a live JVM, by {@code jcmd GC.class_histogram}. */
    private static int compiledMachinesIn(Process process) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Path out = LOGS.resolve("taskmanager-class-histogram.txt");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.class_histogram")
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("jcmd did not answer; see " + out);
        }
        int n = 0;
        for (String line : Files.readAllLines(out)) {
            if (line.contains("io.github.flinkwasm.shaded.com.dylibso.chicory.$gen.CompiledMachine")) {
                n++;
            }
        }
        return n;
    }

    /** Jobs the session test submits, one after another. */
    static final int SESSION_JOBS = 50;

    /**
     * Classes one ended job may leave loaded: a job that calls a WebAssembly function loads about
     * 640 classes into its own class loader (the connector's: library, shaded Chicory and Jackson,
     * plus Chicory's generated machine classes).
     */
    static final int ONE_JOB_CLASSES = 700;

    /**
     * A session cluster where each job brings the connector ({@code ADD JAR}): 50 jobs that call a
     * WebAssembly function, one after another (1, then 49 more in a second SQL client session).
     * After they ended and a full GC, the TaskManager and the JobManager keep at most one job's
     * class loader and at most one job's classes more than after the first job, and no thread of
     * the library runs. Prints and keeps (in {@code session-report.txt}) the classes, unloaded
     * classes and metaspace of both processes after 1 and after 50 jobs.
     */
    @Test
    @Order(4)
    void shouldUnloadTheClassesOfEndedJobsInASession() throws Exception {
        Set<String> ours = cluster.taskManagerIds();
        runSessionJobs(1);
        JvmFigures tmOne = figures(taskManager, "taskmanager-after-1-job");
        JvmFigures jmOne = figures(cluster.jobManager(), "jobmanager-after-1-job");
        runSessionJobs(SESSION_JOBS - 1);
        JvmFigures tmAll = figures(taskManager, "taskmanager-after-" + SESSION_JOBS + "-jobs");
        JvmFigures jmAll = figures(cluster.jobManager(), "jobmanager-after-" + SESSION_JOBS + "-jobs");
        // the figures are of our TaskManager: every task must have run there
        assertThat(cluster.taskManagerIds())
                .as("TaskManagers of the cluster (another one registered: a port taken by two clusters on this"
                        + " machine)")
                .isEqualTo(ours);
        String report = String.join(
                "\n",
                "session cluster, " + SESSION_JOBS + " jobs each shipping the connector, after a full GC:",
                "  TaskManager after 1 job:    " + tmOne,
                "  TaskManager after " + SESSION_JOBS + " jobs:  " + tmAll,
                "  JobManager after 1 job:     " + jmOne,
                "  JobManager after " + SESSION_JOBS + " jobs:   " + jmAll,
                "  live classes added by jobs 2.." + SESSION_JOBS + ": TaskManager " + (tmAll.live() - tmOne.live())
                        + ", JobManager " + (jmAll.live() - jmOne.live()),
                "  threads of the library: TaskManager " + tmAll.libraryThreads + ", JobManager "
                        + jmAll.libraryThreads,
                "");
        System.out.println(report);
        Files.writeString(LOGS.resolve("session-report.txt"), report);

        for (JvmFigures f : List.of(tmOne, tmAll, jmOne, jmAll)) {
            assertThat(f.libraryThreads)
                    .as("flink-wasm threads with no job running")
                    .isEmpty();
            assertThat(f.jobLoaders)
                    .as("job class loaders alive with no job running (" + f + ")")
                    .isLessThanOrEqualTo(1);
        }
        assertThat(tmAll.live() - tmOne.live())
                .as("TaskManager classes kept by jobs 2.." + SESSION_JOBS)
                .isLessThanOrEqualTo(ONE_JOB_CLASSES);
        assertThat(jmAll.live() - jmOne.live())
                .as("JobManager classes kept by jobs 2.." + SESSION_JOBS)
                .isLessThanOrEqualTo(ONE_JOB_CLASSES);
    }

    /** Runs {@code jobs} queries that call a WebAssembly function in one SQL client session. */
    private static void runSessionJobs(int jobs) throws Exception {
        StringBuilder selects = new StringBuilder();
        for (int i = 0; i < jobs; i++) {
            selects.append("SELECT n, wat_sum(n, ").append(i).append(") AS s FROM numbers;\n");
        }
        String script = template(
                "cluster/session-jobs.sql",
                Map.of(
                        "JOBS", Integer.toString(jobs),
                        "SELECTS", selects.toString(),
                        "PLUGINS", TestPlugins.sample("seed_wat"),
                        "CONNECTOR_JAR", CONNECTOR_JAR.toString()));
        String name = "session-" + jobs + "-jobs";
        Path scriptFile = Files.writeString(WORK.resolve(name + ".sql"), script);
        LocalFlinkCluster.ClientRun run = cluster.runClient(
                "sql-client-" + name,
                clientLib(),
                "org.apache.flink.table.client.SqlClient",
                List.of("embedded", "-hist", WORK.resolve("sql-history").toString(), "-f", scriptFile.toString()),
                Duration.ofMinutes(30));
        assertThat(run.output()).as(run.outputFile().toString()).doesNotContain("[ERROR]");
        assertThat(run.exitCode()).as(run.outputFile().toString()).isZero();
        assertThat(tableauRows(run.output(), 2)).as("rows of the last query").hasSize(4);
        LocalFlinkCluster.await("no job running", Duration.ofMinutes(2), () -> {
            try {
                return cluster.get("/overview").path("jobs-running").asInt() == 0;
            } catch (Exception e) {
                return false;
            }
        });
    }

    /**
     * Classes, metaspace, job class loaders and library threads of a JVM after a full GC, through
     * jcmd. A TaskManager releases an ended job's class loader only once the job's slots have gone
     * back (a freed slot stays with its job for {@code slot.idle.timeout}, 50 s): the GC is repeated
     * until no job class loader is left, for at most three minutes. A job class loader still alive
     * then leaves a heap dump, {@code <name>.hprof}, in the log folder.
     */
    record JvmFigures(long loaded, long unloaded, long metaspaceBytes, int jobLoaders, List<String> libraryThreads) {
        long live() {
            return loaded - unloaded;
        }

        @Override
        public String toString() {
            return "classes loaded " + loaded + ", unloaded " + unloaded + ", live " + live() + ", metaspace used "
                    + metaspaceBytes / 1024 + " KiB, job class loaders " + jobLoaders;
        }
    }

    private static JvmFigures figures(Process process, String name) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        int jobLoaders;
        while (true) {
            jcmd(process, "GC.run", name + "-gc");
            jobLoaders = 0;
            for (String line : jcmd(process, "VM.classloader_stats", name + "-loaders")) {
                if (line.endsWith(" org.apache.flink.util.ChildFirstClassLoader")
                        || line.endsWith("FlinkUserCodeClassLoaders$ParentFirstClassLoader")) {
                    jobLoaders++;
                }
            }
            if (jobLoaders == 0) {
                break;
            }
            if (System.nanoTime() > deadline) {
                // what holds the loader: paths from GC roots in the dump (JDK caches show up there)
                jcmd(process, "GC.heap_dump " + LOGS.resolve(name + ".hprof"), name + "-heap-dump");
                break;
            }
            Thread.sleep(2000);
        }
        Map<String, Long> counters = new TreeMap<>();
        for (String line : jcmd(process, "PerfCounter.print", name + "-counters")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                try {
                    counters.put(
                            line.substring(0, eq),
                            Long.parseLong(line.substring(eq + 1).trim()));
                } catch (NumberFormatException e) {
                    // a string counter
                }
            }
        }
        List<String> threads = new ArrayList<>();
        for (String line : jcmd(process, "Thread.print", name + "-threads")) {
            if (line.startsWith("\"flink-wasm-")) {
                threads.add(line.substring(1, line.indexOf('"', 1)));
            }
        }
        return new JvmFigures(
                counters.getOrDefault("java.cls.loadedClasses", -1L),
                counters.getOrDefault("java.cls.unloadedClasses", -1L),
                counters.getOrDefault("sun.gc.metaspace.used", -1L),
                jobLoaders,
                threads);
    }

    /** Runs {@code jcmd <pid> <command>}; its output is kept in the log folder as {@code <name>.txt}. */
    private static List<String> jcmd(Process process, String command, String name) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Path out = LOGS.resolve(name + ".txt");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("jcmd " + command + " did not answer; see " + out);
        }
        return Files.readAllLines(out);
    }

    // ---- helpers

    static String jobId(String clientOutput) {
        Matcher m = Pattern.compile("JobID ([0-9a-f]{32})").matcher(clientOutput);
        assertThat(m.find())
                .as("a JobID in the client's output:\n" + clientOutput)
                .isTrue();
        return m.group(1);
    }

    /** The rows of a tableau-mode result: first column (an INT) -> every column as a number. */
    static Map<Integer, List<Long>> tableauRows(String output, int columns) {
        Pattern row = Pattern.compile("^\\|" + "\\s*(-?\\d+)\\s*\\|".repeat(columns) + "\\s*$");
        Map<Integer, List<Long>> rows = new TreeMap<>();
        for (String line : output.split("\\R")) {
            Matcher m = row.matcher(line.trim());
            if (m.matches()) {
                List<Long> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(Long.parseLong(m.group(i)));
                }
                rows.put(values.get(0).intValue(), values);
            }
        }
        return rows;
    }

    private static String template(String resource, Map<String, String> values) throws IOException {
        String text;
        try (InputStream in = FlinkClusterITCase.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            text = text.replace("${" + e.getKey() + "}", e.getValue());
        }
        return text;
    }

    private static List<String> clientLib() throws IOException {
        String dir = System.getProperty("cluster.clientLib");
        assertThat(dir).as("system property cluster.clientLib").isNotNull();
        try (Stream<Path> s = Files.list(Path.of(dir))) {
            return s.filter(p -> p.toString().endsWith(".jar"))
                    .map(Path::toString)
                    .sorted()
                    .toList();
        }
    }

    /**
     * A job jar as users build it: their job classes plus the library (here the connector jar's
     * content, already relocated), with no Flink inside.
     */
    static Path buildJobJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Path classes = Path.of(
                FibJob.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Path jobs = classes.resolve(FibJob.class.getPackageName().replace('.', '/'));
        Set<String> written = new HashSet<>();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            written.add("META-INF/MANIFEST.MF");
            for (Path f : files(jobs)) {
                add(out, written, classes.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
            try (ZipFile connector = new ZipFile(CONNECTOR_JAR.toFile())) {
                for (ZipEntry e : java.util.Collections.list(connector.entries())) {
                    if (!e.isDirectory() && !written.contains(e.getName())) {
                        try (InputStream in = connector.getInputStream(e)) {
                            add(out, written, e.getName(), in.readAllBytes());
                        }
                    }
                }
            }
        }
        return jar;
    }

    private static void add(JarOutputStream out, Set<String> written, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
        written.add(name);
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
