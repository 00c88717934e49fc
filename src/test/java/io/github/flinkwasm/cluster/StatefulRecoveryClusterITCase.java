package io.github.flinkwasm.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinkwasm.cluster.jobs.StatefulRecoveryJob;
import io.github.flinkwasm.testing.TestPlugins;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.types.Row;
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
 * WebAssembly state on a real Flink cluster (a JobManager and TaskManagers as separate JVMs, see
 * {@link LocalFlinkCluster}): the aggregate accumulators and the process function's state and
 * timers of {@link StatefulRecoveryJob}, a SQL job, survive a {@code kill -9} of the TaskManager
 * and a savepoint restored at parallelism 3 and at 1, with exactly the output of an uninterrupted
 * run, computed here in Java from the same rows. Run with {@code mvn verify -Pcluster}; logs stay in
 * {@code target/cluster-logs-stateful/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatefulRecoveryClusterITCase {
    static final Path LOGS = FlinkClusterITCase.TARGET.resolve("cluster-logs-stateful");
    static final Path WORK = FlinkClusterITCase.TARGET.resolve("cluster/stateful-run");

    static final long ROWS = 200_000;
    static final int ROWS_PER_SECOND = 5_000;
    /** The sessions sample's inactivity gap (its manifest's config {@code gap_ms}). */
    static final long GAP_MS = 30_000;
    /** The sum of squares of the test guest src/test/wat/kinds.wat (its other functions are not needed). */
    static final String SUMSQ =
            "[{\"name\": \"sumsq\", \"kind\": \"aggregate\", \"params\": [\"BIGINT\"], \"returns\": \"BIGINT\"}]";

    private static LocalFlinkCluster cluster;
    private static Process taskManager;
    private static Path jobJar;
    private static String plugins;
    private static Expected expected;

    @RegisterExtension
    static final TestExecutionExceptionHandler LOG_HINT = (ExtensionContext context, Throwable t) -> {
        throw new AssertionError(t.getMessage() + "\n(cluster logs: " + LOGS + ")", t);
    };

    @BeforeAll
    static void startCluster() throws Exception {
        assertThat(FlinkClusterITCase.CONNECTOR_JAR)
                .as("the connector jar (mvn package)")
                .isRegularFile();
        FlinkClusterITCase.deleteTree(LOGS);
        FlinkClusterITCase.deleteTree(WORK);
        Files.createDirectories(LOGS);
        Files.createDirectories(WORK);
        jobJar = FlinkClusterITCase.buildJobJar(WORK.resolve("wasm-jobs.jar"));
        plugins = String.join(
                ",",
                TestPlugins.manifest(WORK, "kinds", "kinds", "", SUMSQ),
                TestPlugins.sample("kinds_rust"),
                TestPlugins.sample("sessions"));
        expected = Expected.of(ROWS);

        cluster = new LocalFlinkCluster(LocalFlinkCluster.distributionClasspath(), WORK, LOGS);
        cluster.startJobManager(FlinkClusterITCase.START_TIMEOUT);
        taskManager = cluster.startTaskManager(FlinkClusterITCase.START_TIMEOUT);
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
    void shouldKeepAggregateAndProcessStateExactlyOnceAcrossALostTaskManager() throws Exception {
        Outputs out = new Outputs(WORK.resolve("kill"));
        String jobId = submit("kill", out, 2, null);
        awaitMidRun(jobId, out);

        long checkpointsBeforeKill = cluster.completedCheckpoints(jobId);
        long totalsBeforeKill = countLines(out.totals);
        long sessionsBeforeKill = countLines(out.sessions);
        long killedAt = System.nanoTime();
        cluster.kill9(taskManager);
        long killMillis = System.currentTimeMillis();
        taskManager = cluster.startTaskManager(FlinkClusterITCase.START_TIMEOUT);
        long newTaskManagerNanos = System.nanoTime() - killedAt;
        LocalFlinkCluster.await(
                "a checkpoint of job " + jobId + " completed after the kill",
                Duration.ofMinutes(5),
                () -> cluster.checkpointCompletedAfter(jobId, killMillis));
        long recoveredNanos = System.nanoTime() - killedAt;
        cluster.awaitFinished(jobId, Duration.ofMinutes(10));
        long restarts = cluster.jobMetric(jobId, "numRestarts");

        Outcome outcome = Outcome.read(out);
        String report = String.join(
                "\n",
                "recovery of SQL job " + jobId + " (wasm aggregates sumsq, top_k; wasm PTF sessions) after kill -9"
                        + " of the TaskManager",
                "  rows in:                          " + ROWS + " at " + ROWS_PER_SECOND + " rows/s",
                outcome.describe(expected),
                "  committed before the kill:        " + totalsBeforeKill + " aggregate changes, " + sessionsBeforeKill
                        + " sessions (after " + checkpointsBeforeKill + " checkpoints)",
                "  job restarts:                     " + restarts,
                "  new TaskManager registered after: " + FlinkClusterITCase.millis(newTaskManagerNanos) + " ms",
                "  time to recover (kill -> first checkpoint completed after it): "
                        + FlinkClusterITCase.millis(recoveredNanos) + " ms",
                "");
        System.out.println(report);
        Files.writeString(LOGS.resolve("kill-report.txt"), report);

        assertThat(sessionsBeforeKill)
                .as("sessions committed before the kill (timers fired mid-run)")
                .isPositive();
        assertThat(restarts).as("restarts").isPositive();
        outcome.assertExactly(expected);
    }

    @Test
    @Order(2)
    void shouldGiveTheSameResultFromASavepointRestoredAtParallelism3And1() throws Exception {
        Outputs out = new Outputs(WORK.resolve("savepoint"));
        String jobId = submit("savepoint", out, 2, null);
        awaitMidRun(jobId, out);
        LocalFlinkCluster.ClientRun stop = cluster.runClient(
                "flink-stop-with-savepoint",
                List.of(),
                "org.apache.flink.client.cli.CliFrontend",
                List.of(
                        "stop",
                        "--savepointPath",
                        WORK.resolve("savepoints").toUri().toString(),
                        jobId),
                Duration.ofMinutes(5));
        assertThat(stop.exitCode()).as(stop.outputFile().toString()).isZero();
        Matcher m = Pattern.compile("Savepoint completed\\. Path: (\\S+)").matcher(stop.output());
        assertThat(m.find()).as(stop.output()).isTrue();
        String savepoint = m.group(1);
        long totalsAtSavepoint = countLines(out.totals);
        long sessionsAtSavepoint = countLines(out.sessions);
        // each restore starts from the files as the stopped job left them
        Path left = WORK.resolve("savepoint-files");
        copyTree(out.root, left);

        // parallelism 3 needs a third slot: a second TaskManager
        Process second = cluster.startTaskManager(FlinkClusterITCase.START_TIMEOUT);
        Map<Integer, Outcome> outcomes = new TreeMap<>();
        Map<Integer, Duration> took = new TreeMap<>();
        for (int parallelism : new int[] {3, 1}) {
            FlinkClusterITCase.deleteTree(out.root);
            copyTree(left, out.root);
            long start = System.nanoTime();
            String restored = submit("restore-p" + parallelism, out, parallelism, savepoint);
            cluster.awaitFinished(restored, Duration.ofMinutes(10));
            took.put(parallelism, Duration.ofNanos(System.nanoTime() - start));
            outcomes.put(parallelism, Outcome.read(out));
            // the job ran at that parallelism (all but the source, which keeps its lanes), from that savepoint
            Map<String, Integer> vertices = new TreeMap<>();
            for (JsonNode v : cluster.get("/jobs/" + restored).path("vertices")) {
                vertices.put(v.path("name").asText(), v.path("parallelism").asInt());
            }
            vertices.forEach((name, p) -> assertThat(p)
                    .as("parallelism of " + name + " in " + vertices)
                    .isEqualTo(name.startsWith("Source: clicks") ? StatefulRecoveryJob.LANES : parallelism));
            JsonNode from = cluster.get("/jobs/" + restored + "/checkpoints")
                    .path("latest")
                    .path("restored");
            assertThat(from.path("is_savepoint").asBoolean())
                    .as("restored from a savepoint: " + from)
                    .isTrue();
            assertThat(from.path("external_path").asText())
                    .as("restored from " + from)
                    .endsWith(savepoint.substring(savepoint.lastIndexOf('/')));
        }
        cluster.kill9(second);

        StringBuilder report = new StringBuilder("savepoint of SQL job " + jobId + " at parallelism 2 (" + savepoint
                + "), with " + totalsAtSavepoint + " aggregate changes and " + sessionsAtSavepoint
                + " sessions committed\n");
        outcomes.forEach((p, o) -> report.append("  restored at parallelism ")
                .append(p)
                .append(", finished in ")
                .append(took.get(p).toMillis())
                .append(" ms:\n")
                .append(o.describe(expected))
                .append('\n'));
        System.out.println(report);
        Files.writeString(LOGS.resolve("savepoint-report.txt"), report);

        assertThat(sessionsAtSavepoint)
                .as("sessions committed before the savepoint")
                .isPositive();
        for (Outcome o : outcomes.values()) {
            o.assertExactly(expected);
        }
    }

    // ---- the job

    /** The two output folders of one run. */
    record Outputs(Path root, Path totals, Path sessions) {
        Outputs(Path root) {
            this(root, root.resolve("totals"), root.resolve("sessions"));
        }
    }

    private static String submit(String name, Outputs out, int parallelism, String savepoint) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "-d", "-p", Integer.toString(parallelism)));
        if (savepoint != null) {
            args.addAll(List.of("-s", savepoint));
        }
        args.addAll(List.of(
                "-c",
                StatefulRecoveryJob.class.getName(),
                jobJar.toString(),
                plugins,
                Long.toString(ROWS),
                Integer.toString(ROWS_PER_SECOND),
                out.totals.toUri().toString(),
                out.sessions.toUri().toString()));
        LocalFlinkCluster.ClientRun submit = cluster.runClient(
                "flink-run-" + name, List.of(), "org.apache.flink.client.cli.CliFrontend", args, Duration.ofMinutes(5));
        assertThat(submit.exitCode()).as(submit.outputFile().toString()).isZero();
        return FlinkClusterITCase.jobId(submit.output());
    }

    /** Mid-run: checkpoints completed, sessions closed by timers committed, most rows to come. */
    private static void awaitMidRun(String jobId, Outputs out) {
        LocalFlinkCluster.await(
                "3 completed checkpoints of job " + jobId + " and a committed session", Duration.ofMinutes(5), () -> {
                    String status = cluster.jobStatus(jobId);
                    if (List.of("FAILED", "CANCELED", "FINISHED").contains(status)) {
                        throw new IllegalStateException("job " + jobId + " is " + status + " already");
                    }
                    try {
                        return cluster.completedCheckpoints(jobId) >= 3 && countLines(out.sessions) > 0;
                    } catch (IOException e) {
                        return false; // a file committed while listing: look again
                    }
                });
        assertThat(cluster.jobStatus(jobId)).isEqualTo("RUNNING");
    }

    // ---- what an uninterrupted run gives, computed in Java

    /** Per key: rows, sum of squares, top 5; the sessions as output lines, sorted. */
    record Expected(Map<Integer, long[]> totals, Map<Integer, String> tops, List<String> sessions) {
        static Expected of(long rows) {
            Map<Integer, long[]> totals = new TreeMap<>();
            Map<Integer, java.util.TreeSet<Long>> tops = new TreeMap<>();
            Map<String, List<Long>> times = new TreeMap<>();
            for (long i = 0; i < rows; i++) {
                Row r = StatefulRecoveryJob.click(i, rows);
                int k = (Integer) r.getField(0);
                long x = (Long) r.getField(1);
                long[] t = totals.computeIfAbsent(k, key -> new long[2]);
                t[0]++;
                t[1] += x * x;
                tops.computeIfAbsent(k, key -> new java.util.TreeSet<>()).add(x);
                times.computeIfAbsent((String) r.getField(2), u -> new ArrayList<>())
                        .add((Long) r.getField(3));
            }
            Map<Integer, String> top5 = new TreeMap<>();
            tops.forEach((k, s) ->
                    top5.put(k, s.descendingSet().stream().limit(5).toList().toString()));
            List<String> sessions = new ArrayList<>();
            times.forEach((user, ts) -> {
                Collections.sort(ts);
                long start = ts.get(0);
                long end = start;
                long events = 0;
                for (long t : ts) {
                    if (t > end + GAP_MS) {
                        sessions.add(user + "," + start + "," + end + "," + events);
                        start = t;
                        events = 0;
                    }
                    end = t;
                    events++;
                }
                sessions.add(user + "," + start + "," + end + "," + events);
            });
            Collections.sort(sessions);
            return new Expected(totals, top5, sessions);
        }
    }

    // ---- what a run gave

    /**
     * The committed output of a run. Aggregate changes: per key, every count from 1 to the key's
     * rows must appear once, and the change with the largest count carries the final sum of
     * squares and top 5. Sessions: the lines, sorted.
     */
    record Outcome(
            long changes,
            Map<Integer, BitSet> counts,
            long duplicateChanges,
            Map<Integer, String> finals,
            List<String> sessions,
            long leftovers) {

        static Outcome read(Outputs out) throws IOException {
            Map<Integer, BitSet> counts = new TreeMap<>();
            Map<Integer, Long> lastCount = new HashMap<>();
            Map<Integer, String> finals = new TreeMap<>();
            long changes = 0;
            long duplicates = 0;
            long leftovers = 0;
            for (Path file : files(out.totals)) {
                if (file.getFileName().toString().startsWith(".")) {
                    leftovers++;
                    continue;
                }
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    changes++;
                    String[] f = line.split(",", 3); // k, count, "sumsq,[top]"
                    int k = Integer.parseInt(f[0]);
                    int n = Integer.parseInt(f[1]);
                    BitSet seen = counts.computeIfAbsent(k, key -> new BitSet());
                    if (seen.get(n)) {
                        duplicates++;
                    }
                    seen.set(n);
                    if (n > lastCount.getOrDefault(k, 0L)) {
                        lastCount.put(k, (long) n);
                        finals.put(k, f[2]);
                    }
                }
            }
            List<String> sessions = new ArrayList<>();
            for (Path file : files(out.sessions)) {
                if (file.getFileName().toString().startsWith(".")) {
                    leftovers++;
                } else {
                    sessions.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
                }
            }
            Collections.sort(sessions);
            return new Outcome(changes, counts, duplicates, finals, sessions, leftovers);
        }

        /** Counts that should be there and are not, over all keys. */
        long missingChanges(Expected e) {
            long missing = 0;
            for (Map.Entry<Integer, long[]> t : e.totals.entrySet()) {
                BitSet seen = counts.getOrDefault(t.getKey(), new BitSet());
                missing +=
                        t.getValue()[0] - seen.get(1, (int) t.getValue()[0] + 1).cardinality();
            }
            return missing;
        }

        Map<Integer, String> expectedFinals(Expected e) {
            Map<Integer, String> m = new TreeMap<>();
            e.totals.forEach((k, t) -> m.put(k, t[1] + "," + e.tops.get(k)));
            return m;
        }

        String describe(Expected e) {
            List<String> extraSessions = new ArrayList<>(sessions);
            e.sessions.forEach(extraSessions::remove);
            List<String> missingSessions = new ArrayList<>(e.sessions);
            sessions.forEach(missingSessions::remove);
            return String.join(
                    "\n",
                    "  aggregate changes out:            " + changes + " (expected " + ROWS + ": one per row)",
                    "  duplicate / missing changes:      " + duplicateChanges + " / " + missingChanges(e),
                    "  final sumsq and top_k per key:    "
                            + (finals.equals(expectedFinals(e))
                                    ? "as expected"
                                    : finals + " expected " + expectedFinals(e)),
                    "  sessions out:                     " + sessions.size() + " (expected " + e.sessions.size()
                            + "), duplicate or wrong " + extraSessions.size() + ", missing "
                            + missingSessions.size(),
                    "  uncommitted leftovers:            " + leftovers + " files");
        }

        void assertExactly(Expected e) {
            assertThat(duplicateChanges).as("duplicate aggregate changes").isZero();
            assertThat(missingChanges(e)).as("missing aggregate changes").isZero();
            assertThat(changes).as("aggregate changes").isEqualTo(ROWS);
            assertThat(finals).as("final sumsq and top_k per key").isEqualTo(expectedFinals(e));
            assertThat(sessions).as("sessions").isEqualTo(e.sessions);
        }
    }

    // ---- files

    private static long countLines(Path dir) throws IOException {
        long n = 0;
        for (Path file : files(dir)) {
            if (!file.getFileName().toString().startsWith(".")) {
                try (Stream<String> lines = Files.lines(file)) {
                    n += lines.count();
                }
            }
        }
        return n;
    }

    private static List<Path> files(Path dir) throws IOException {
        return FlinkClusterITCase.files(dir);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        for (Path f : files(from)) {
            Path target = to.resolve(from.relativize(f).toString());
            Files.createDirectories(target.getParent());
            Files.copy(f, target);
        }
    }
}
