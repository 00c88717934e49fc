package io.github.flinkwasm.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A Flink session cluster of separate JVM processes on loopback, started the way Flink's own
 * scripts start them but from a classpath of Maven artifacts: one JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and TaskManagers ({@code TaskManagerRunner}) whose
 * memory flags come from {@code BashJavaUtils}, as {@code bin/taskmanager.sh} does. Every process
 * is tracked by PID, every wait has a deadline, and all logs go to one folder.
 */
final class LocalFlinkCluster implements AutoCloseable {
    static final int SLOTS = 2;

    /**
     * What the Flink distribution's {@code config.yaml} sets as {@code env.java.opts.all} for Java
     * 17, and its scripts pass to every JVM (the DataStream translators and Kryo need them).
     */
    static final List<String> JAVA_OPTS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();

    /**
     * The classpath of a Flink distribution's {@code lib/}, from the cluster profile: the provided
     * scope (system property {@code cluster.classpathFile}) plus the jars of {@code cluster.lib}
     * (the web UI, log4j-api).
     */
    static String distributionClasspath() throws IOException {
        String cpFile = System.getProperty("cluster.classpathFile");
        String lib = System.getProperty("cluster.lib");
        if (cpFile == null || lib == null) {
            throw new IllegalStateException(
                    "system properties cluster.classpathFile and cluster.lib unset; run with mvn verify -Pcluster");
        }
        List<String> entries =
                new ArrayList<>(List.of(Files.readString(Path.of(cpFile)).trim()));
        try (java.util.stream.Stream<Path> jars = Files.list(Path.of(lib))) {
            jars.map(Path::toString).filter(p -> p.endsWith(".jar")).sorted().forEach(entries::add);
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private final String classpath;
    private final Path conf;
    private final Path logs;
    private final Path tmp;
    private final int restPort;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> processes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.Map<Long, Integer> prometheusPorts = new java.util.concurrent.ConcurrentHashMap<>();
    private Process jobManager;
    private int taskManagers;
    private Path pluginsDir;

    /**
     * @param classpath the Flink classpath (Maven artifacts)
     * @param home working folder for configuration, temporary files and checkpoints
     * @param logs folder for every process's log and output
     */
    LocalFlinkCluster(String classpath, Path home, Path logs) throws IOException {
        // should the test JVM end without close(), no process of the cluster outlives it
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> processes.forEach(Process::destroyForcibly), "stop-flink-processes"));
        this.classpath = classpath;
        this.conf = Files.createDirectories(home.resolve("conf"));
        this.logs = Files.createDirectories(logs);
        this.tmp = Files.createDirectories(home.resolve("tmp"));
        this.restPort = freePort();
        int rpcPort = freePort();
        Path checkpoints = Files.createDirectories(home.resolve("checkpoints"));
        Files.writeString(
                conf.resolve("config.yaml"),
                String.join(
                        "\n",
                        "jobmanager.rpc.address: 127.0.0.1",
                        "jobmanager.rpc.port: " + rpcPort,
                        "jobmanager.bind-host: 127.0.0.1",
                        "jobmanager.memory.process.size: 1024m",
                        "taskmanager.host: 127.0.0.1",
                        "taskmanager.bind-host: 127.0.0.1",
                        "taskmanager.numberOfTaskSlots: " + SLOTS,
                        "taskmanager.memory.process.size: 1536m",
                        "taskmanager.memory.managed.size: 128m",
                        "parallelism.default: " + SLOTS,
                        "rest.address: 127.0.0.1",
                        "rest.bind-address: 127.0.0.1",
                        "rest.port: " + restPort,
                        "execution.target: remote",
                        // notice a lost TaskManager within seconds, not the default 50
                        "heartbeat.interval: 2000",
                        "heartbeat.timeout: 10000",
                        "metrics.fetcher.update-interval: 1000",
                        "execution.checkpointing.dir: " + checkpoints.toUri(),
                        "io.tmp.dirs: " + tmp,
                        "env.java.opts.all: " + String.join(" ", JAVA_OPTS),
                        ""));
        Files.writeString(
                conf.resolve("log4j.properties"),
                String.join(
                        "\n",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.file.ref = File",
                        "appender.file.type = File",
                        "appender.file.name = File",
                        "appender.file.fileName = ${sys:log.file}",
                        "appender.file.layout.type = PatternLayout",
                        "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                        "logger.pekko.name = org.apache.pekko",
                        "logger.pekko.level = WARN",
                        ""));
    }

    Path configDir() {
        return conf;
    }

    Path logDir() {
        return logs;
    }

    /** The JobManager process (null before {@link #startJobManager}). */
    Process jobManager() {
        return jobManager;
    }

    String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    /**
     * Gives every process started from now on a Flink plugins folder ({@code FLINK_PLUGINS_DIR}, as
     * {@code bin/config.sh} sets it to {@code $FLINK_HOME/plugins}) and every TaskManager a
     * Prometheus reporter on a port of its own; the folder must hold {@code flink-metrics-prometheus}
     * in a subfolder.
     */
    void reportToPrometheus(Path plugins) {
        this.pluginsDir = plugins;
    }

    /** The port of a TaskManager's Prometheus reporter ({@link #reportToPrometheus}). */
    int prometheusPort(Process taskManager) {
        Integer port = prometheusPorts.get(taskManager.pid());
        if (port == null) {
            throw new IllegalStateException("pid " + taskManager.pid() + " has no Prometheus reporter");
        }
        return port;
    }

    /** Starts the JobManager and waits until its REST endpoint answers. */
    void startJobManager(Duration timeout) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(JAVA);
        cmd.addAll(resourceParams("GET_JM_RESOURCE_PARAMS", "jm").jvm);
        cmd.addAll(commonJvmFlags("jobmanager"));
        cmd.add("org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
        cmd.add("--configDir");
        cmd.add(conf.toString());
        jobManager = start(cmd, "jobmanager");
        await("the JobManager's REST endpoint at " + restUrl(), timeout, () -> {
            if (!jobManager.isAlive()) {
                throw new IllegalStateException(
                        "the JobManager exited with " + jobManager.exitValue() + "; see " + logs);
            }
            JsonNode overview = getOrNull("/overview");
            return overview != null && overview.has("flink-version");
        });
    }

    /** Starts one more TaskManager and waits until the JobManager counts it. */
    Process startTaskManager(Duration timeout) throws IOException {
        Set<String> before = taskManagerIds();
        taskManagers++;
        String name = "taskmanager-" + taskManagers;
        ResourceParams params = resourceParams("GET_TM_RESOURCE_PARAMS", name);
        List<String> cmd = new ArrayList<>();
        cmd.add(JAVA);
        cmd.addAll(params.jvm);
        cmd.addAll(commonJvmFlags(name));
        cmd.add("org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
        cmd.add("--configDir");
        cmd.add(conf.toString());
        cmd.addAll(params.dynamic);
        int prometheusPort = -1;
        if (pluginsDir != null) {
            prometheusPort = freePort();
            cmd.addAll(List.of(
                    "-D",
                    "metrics.reporter.prom.factory.class=org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
                    "-D",
                    "metrics.reporter.prom.port=" + prometheusPort));
        }
        Process tm = start(cmd, name);
        if (prometheusPort > 0) {
            prometheusPorts.put(tm.pid(), prometheusPort);
        }
        await(name + " (pid " + tm.pid() + ") to register", timeout, () -> {
            if (!tm.isAlive()) {
                throw new IllegalStateException(name + " exited with " + tm.exitValue() + "; see " + logs);
            }
            // registered, and its slots reported (the JobManager counts them a moment later)
            JsonNode tms = getOrNull("/taskmanagers");
            if (tms != null) {
                for (JsonNode t : tms.path("taskmanagers")) {
                    if (!before.contains(t.path("id").asText())
                            && t.path("slotsNumber").asInt() > 0) {
                        return true;
                    }
                }
            }
            return false;
        });
        return tm;
    }

    /** {@code kill -9} of a process of this cluster, by PID; returns when it is gone. */
    void kill9(Process process) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(process.pid()))
                .inheritIO()
                .start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            process.destroyForcibly();
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pid " + process.pid() + " still alive after kill -9");
        }
    }

    /** The resource ids of the TaskManagers the JobManager knows now. */
    Set<String> taskManagerIds() {
        Set<String> ids = new HashSet<>();
        JsonNode tms = getOrNull("/taskmanagers");
        if (tms != null) {
            for (JsonNode tm : tms.path("taskmanagers")) {
                ids.add(tm.path("id").asText());
            }
        }
        return ids;
    }

    /**
     * Runs a Flink client program (SQL client, CLI front end) as its own JVM with this cluster's
     * configuration, and waits for it to end; output and log go to {@code <name>.out/.log}.
     */
    ClientRun runClient(String name, List<String> extraClasspath, String mainClass, List<String> args, Duration timeout)
            throws IOException, InterruptedException {
        List<String> cp = new ArrayList<>(extraClasspath);
        cp.add(0, classpath);
        List<String> cmd = new ArrayList<>();
        cmd.add(JAVA);
        cmd.add("-Xmx512m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(JAVA_OPTS);
        cmd.addAll(logFlags(name));
        cmd.add("-Djava.io.tmpdir=" + tmp);
        cmd.add("-cp");
        cmd.add(String.join(java.io.File.pathSeparator, cp));
        cmd.add(mainClass);
        cmd.addAll(args);
        Path out = logs.resolve(name + ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("FLINK_CONF_DIR", conf.toString());
        long start = System.nanoTime();
        Process p = pb.start();
        processes.add(p);
        boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException(name + " did not finish within " + timeout + "; output in " + out);
        }
        processes.remove(p);
        return new ClientRun(p.exitValue(), Files.readString(out), out, Duration.ofNanos(System.nanoTime() - start));
    }

    /** The JSON of a REST GET, failing on an error status. */
    JsonNode get(String path) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(restUrl() + path))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " -> " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Cancels a job through the REST API ({@code PATCH /jobs/<id>?mode=cancel}). */
    void cancel(String jobId) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(restUrl() + "/jobs/" + jobId + "?mode=cancel"))
                            .timeout(Duration.ofSeconds(10))
                            .method("PATCH", HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 202) {
                throw new IllegalStateException("cancel " + jobId + " -> " + r.statusCode() + ": " + r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cancel " + jobId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode getOrNull(String path) {
        try {
            return get(path);
        } catch (RuntimeException e) {
            return null;
        }
    }

    String jobStatus(String jobId) {
        JsonNode job = getOrNull("/jobs/" + jobId);
        return job == null ? "UNKNOWN" : job.path("state").asText("UNKNOWN");
    }

    /** How many checkpoints of the job completed so far (0 while the REST API has none). */
    long completedCheckpoints(String jobId) {
        JsonNode cp = getOrNull("/jobs/" + jobId + "/checkpoints");
        return cp == null ? 0 : cp.path("counts").path("completed").asLong(0);
    }

    /** Whether the job's latest completed checkpoint was triggered after {@code epochMillis}. */
    boolean checkpointCompletedAfter(String jobId, long epochMillis) {
        JsonNode cp = getOrNull("/jobs/" + jobId + "/checkpoints");
        if (cp == null) {
            return false;
        }
        JsonNode latest = cp.path("latest").path("completed");
        return !latest.isMissingNode()
                && !latest.isNull()
                && latest.path("trigger_timestamp").asLong(0) > epochMillis;
    }

    /** A job-level metric such as {@code numRestarts}. */
    long jobMetric(String jobId, String name) {
        JsonNode values = get("/jobs/" + jobId + "/metrics?get=" + name);
        for (JsonNode v : values) {
            if (name.equals(v.path("id").asText())) {
                return Long.parseLong(v.path("value").asText());
            }
        }
        throw new IllegalStateException("no job metric " + name + " in " + values);
    }

    /** Waits until the job is FINISHED; fails at once should it fail or be cancelled. */
    void awaitFinished(String jobId, Duration timeout) {
        await("job " + jobId + " to finish", timeout, () -> {
            String status = jobStatus(jobId);
            if (Set.of("FAILED", "CANCELED").contains(status)) {
                throw new IllegalStateException("job " + jobId + " ended " + status + "; see " + logs);
            }
            return status.equals("FINISHED");
        });
    }

    /** Polls until the condition holds, at most {@code timeout}. */
    static void await(String what, Duration timeout, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (Boolean.TRUE.equals(condition.get())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }
    }

    /** Stops every process still running: SIGTERM, then SIGKILL after a grace period. */
    @Override
    public void close() {
        List<Process> all = new ArrayList<>(processes);
        java.util.Collections.reverse(all); // TaskManagers and clients before the JobManager
        for (Process p : all) {
            if (p.isAlive()) {
                p.destroy();
                try {
                    if (!p.waitFor(20, TimeUnit.SECONDS)) {
                        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
        processes.clear();
    }

    private Process start(List<String> cmd, String name) throws IOException {
        Files.writeString(logs.resolve(name + ".cmd"), String.join(" ", cmd) + "\n");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("FLINK_CONF_DIR", conf.toString());
        if (pluginsDir != null) {
            pb.environment().put("FLINK_PLUGINS_DIR", pluginsDir.toString());
        }
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private List<String> commonJvmFlags(String name) {
        List<String> flags = new ArrayList<>(JAVA_OPTS);
        flags.addAll(List.of("-XX:+UseSerialGC", "-Djava.io.tmpdir=" + tmp));
        flags.addAll(logFlags(name));
        flags.add("-cp");
        flags.add(classpath);
        return flags;
    }

    private List<String> logFlags(String name) {
        return List.of(
                "-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri(),
                "-Dlog.file=" + logs.resolve(name + ".log"));
    }

    private record ResourceParams(List<String> jvm, List<String> dynamic) {}

    /** What {@code bin/taskmanager.sh} and {@code bin/jobmanager.sh} ask BashJavaUtils for. */
    private ResourceParams resourceParams(String command, String name) throws IOException {
        Path out = logs.resolve(name + "-resources.out");
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(logFlags(name + "-resources"));
        cmd.addAll(List.of(
                "-cp",
                classpath,
                "org.apache.flink.runtime.util.bash.BashJavaUtils",
                command,
                "--configDir",
                conf.toString()));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("BashJavaUtils " + command + " failed; see " + out);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        String prefix = "BASH_JAVA_UTILS_EXEC_RESULT:";
        List<String> results = Files.readAllLines(out, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()).trim())
                .toList();
        if (results.size() < 2) {
            throw new IllegalStateException("unexpected BashJavaUtils output in " + out);
        }
        return new ResourceParams(split(results.get(0)), split(results.get(1)));
    }

    private static List<String> split(String s) {
        return s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
    }

    /** A free TCP port on loopback (closed again; the process binds it moments later). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** The end of one client process. */
    record ClientRun(int exitCode, String output, Path outputFile, Duration took) {}
}
