package io.github.flinkwasm.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinkwasm.cluster.jobs.RecoveryJob;
import io.github.flinkwasm.testing.TestPlugins;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The function's metrics on a real cluster while a job runs, the ways an operator sees them: from
 * the TaskManager's Prometheus reporter ({@code flink-metrics-prometheus} as a plugin, as a Flink
 * distribution ships it) and in the Flink web UI in a real headless Chromium. Run with {@code mvn
 * verify -Pcluster}; logs, the scrape and a screenshot stay in {@code target/cluster-logs/observe/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterObservabilityITCase {
    static final Path LOGS = FlinkClusterITCase.TARGET.resolve("cluster-logs/observe");
    static final Path WORK = FlinkClusterITCase.TARGET.resolve("cluster/observe");
    static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    static final String PLUGIN = "seed_wat";
    static final String FUNCTION = "wat_sum";
    /** Prometheus names the function's metrics by their scope: Flink's scope, then our groups. */
    static final String PROMETHEUS_PREFIX = "flink_taskmanager_job_task_operator_wasm_" + PLUGIN + "_" + FUNCTION + "_";

    private static LocalFlinkCluster cluster;
    private static Process taskManager;
    private static String jobId;

    @BeforeAll
    static void startClusterAndJob() throws Exception {
        assertThat(FlinkClusterITCase.CONNECTOR_JAR)
                .as("the connector jar (mvn package)")
                .isRegularFile();
        String classpath = LocalFlinkCluster.distributionClasspath();
        assertThat(classpath).as("the web UI in lib/").contains("flink-runtime-web");
        Path plugins = Path.of(System.getProperty("cluster.plugins", "target/cluster/plugins"));
        assertThat(jars(plugins.resolve("metrics-prometheus")))
                .as("flink-metrics-prometheus in " + plugins)
                .isNotEmpty();
        FlinkClusterITCase.deleteTree(LOGS);
        FlinkClusterITCase.deleteTree(WORK);
        Files.createDirectories(LOGS);
        Files.createDirectories(WORK);
        Path jobJar = FlinkClusterITCase.buildJobJar(WORK.resolve("wasm-jobs.jar"));

        cluster = new LocalFlinkCluster(classpath, WORK, LOGS);
        cluster.reportToPrometheus(plugins);
        cluster.startJobManager(START_TIMEOUT);
        taskManager = cluster.startTaskManager(START_TIMEOUT);

        // a job that calls wat_sum on every row, slowly, until it is cancelled
        LocalFlinkCluster.ClientRun submit = cluster.runClient(
                "flink-run-observed",
                List.of(),
                "org.apache.flink.client.cli.CliFrontend",
                List.of(
                        "run",
                        "-d",
                        "-c",
                        RecoveryJob.class.getName(),
                        jobJar.toString(),
                        TestPlugins.sample(PLUGIN),
                        "1000000000",
                        "100",
                        WORK.resolve("out").toUri().toString()),
                Duration.ofMinutes(4));
        assertThat(submit.exitCode()).as(submit.outputFile().toString()).isZero();
        jobId = FlinkClusterITCase.jobId(submit.output());
        LocalFlinkCluster.await("job " + jobId + " running", Duration.ofMinutes(3), () -> {
            String status = cluster.jobStatus(jobId);
            if (Set.of("FAILED", "CANCELED", "FINISHED").contains(status)) {
                throw new IllegalStateException("job " + jobId + " ended " + status + "; see " + LOGS);
            }
            return status.equals("RUNNING");
        });
        System.out.println("observed job " + jobId + " on " + cluster.restUrl() + ", logs in " + LOGS);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            try {
                if (jobId != null && "RUNNING".equals(cluster.jobStatus(jobId))) {
                    cluster.cancel(jobId);
                    LocalFlinkCluster.await(
                            "job " + jobId + " cancelled",
                            Duration.ofMinutes(2),
                            () -> "CANCELED".equals(cluster.jobStatus(jobId)));
                }
            } finally {
                cluster.close();
            }
        }
    }

    // ---- Prometheus

    /** One sample of the Prometheus text format: {@code name{labels} value}. */
    record Sample(String name, Map<String, String> labels, double value) {}

    private static final Pattern SAMPLE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+)(?:\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    static List<Sample> parse(String exposition) {
        List<Sample> samples = new ArrayList<>();
        for (String line : exposition.split("\\R")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line.trim());
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return samples;
    }

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** {@code GET /metrics} of the TaskManager's reporter; null while it does not answer. */
    private static String scrape() {
        String url = "http://127.0.0.1:" + cluster.prometheusPort(taskManager) + "/metrics";
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The samples of our function in this job: name prefix and job id. */
    private static List<Sample> functionSamples(String exposition) {
        return parse(exposition).stream()
                .filter(s -> s.name().startsWith(PROMETHEUS_PREFIX))
                .filter(s -> jobId.equals(s.labels().get("job_id")))
                .toList();
    }

    private static double sum(List<Sample> samples, String metric) {
        return samples.stream()
                .filter(s -> s.name().equals(PROMETHEUS_PREFIX + metric))
                .mapToDouble(Sample::value)
                .sum();
    }

    @Test
    @Order(1)
    void shouldExposeTheFunctionMetricsThroughThePrometheusReporter() throws Exception {
        AtomicReference<String> first = new AtomicReference<>();
        LocalFlinkCluster.await(
                "calls of " + PLUGIN + "/" + FUNCTION + " at the TaskManager's Prometheus reporter",
                Duration.ofMinutes(3),
                () -> {
                    String body = scrape();
                    if (body != null && sum(functionSamples(body), "calls") > 0) {
                        first.set(body);
                        return true;
                    }
                    return false;
                });
        Files.writeString(LOGS.resolve("prometheus-scrape-1.txt"), first.get());
        List<Sample> samples = functionSamples(first.get());
        String ours = first.get()
                .lines()
                .filter(l -> l.contains("_wasm_" + PLUGIN + "_" + FUNCTION + "_"))
                .collect(Collectors.joining("\n"));
        System.out.println("Prometheus, our function's lines (also in " + LOGS + "):\n" + ours);

        Set<String> names = samples.stream().map(Sample::name).collect(Collectors.toCollection(TreeSet::new));
        assertThat(names)
                .as("series of the function")
                .contains(
                        PROMETHEUS_PREFIX + "calls",
                        PROMETHEUS_PREFIX + "errors",
                        PROMETHEUS_PREFIX + "timeouts",
                        PROMETHEUS_PREFIX + "nullResults",
                        PROMETHEUS_PREFIX + "instanceRestarts",
                        PROMETHEUS_PREFIX + "memoryPages",
                        PROMETHEUS_PREFIX + "latencyNanos");
        List<Sample> calls = samples.stream()
                .filter(s -> s.name().equals(PROMETHEUS_PREFIX + "calls"))
                .toList();
        assertThat(calls.stream().map(s -> s.labels().get("subtask_index")))
                .as("one calls series per subtask")
                .containsExactlyInAnyOrder("0", "1");
        for (Sample s : calls) {
            assertThat(s.labels())
                    .as("labels of " + s)
                    .containsEntry(
                            "job_name",
                            "wasm_recovery_job") // the reporter turns characters other than [a-zA-Z0-9:_] into _
                    .containsKeys("operator_name", "task_name", "tm_id", "host");
            assertThat(s.labels().get("operator_name")).contains(FUNCTION);
        }
        assertThat(sum(samples, "errors")).isZero();
        assertThat(sum(samples, "timeouts")).isZero();
        assertThat(samples.stream()
                        .filter(s -> s.name().equals(PROMETHEUS_PREFIX + "memoryPages"))
                        .mapToDouble(Sample::value)
                        .min()
                        .orElse(0))
                .as("memory pages of each instance")
                .isPositive();
        assertThat(samples.stream()
                        .filter(s -> s.name().equals(PROMETHEUS_PREFIX + "latencyNanos"))
                        .map(s -> s.labels().get("quantile")))
                .as("latency quantiles")
                .contains("0.5", "0.99");

        // the counts grow while the job runs
        double before = sum(samples, "calls");
        AtomicLong after = new AtomicLong();
        LocalFlinkCluster.await("calls to grow past " + (long) before, Duration.ofMinutes(3), () -> {
            String body = scrape();
            if (body == null) {
                return false;
            }
            double now = sum(functionSamples(body), "calls");
            after.set((long) now);
            return now > before;
        });
        System.out.println(
                "Prometheus calls of " + PLUGIN + "/" + FUNCTION + ": " + (long) before + " then " + after.get());
        assertThat(after.get()).isGreaterThan((long) before);
    }

    // ---- web UI

    @Test
    @Order(2)
    void shouldShowTheFunctionMetricsInTheWebUi() throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        Assumptions.assumeTrue(
                chromium.isPresent(),
                "no chromium "
                        + (System.getProperty("chromium") == null
                                ? "on the PATH (Debian: apt-get install chromium; or -Dchromium=/path)"
                                : "at -Dchromium=" + System.getProperty("chromium"))
                        + ": the web UI check is skipped, the Prometheus check still runs");

        // the vertex that holds the function and one of its metric ids, as the REST API lists them
        String suffix = ".wasm." + PLUGIN + "." + FUNCTION + ".calls";
        AtomicReference<String> vertex = new AtomicReference<>();
        AtomicReference<String> metricId = new AtomicReference<>();
        LocalFlinkCluster.await("the function's metric ids in the REST API", Duration.ofMinutes(2), () -> {
            for (JsonNode v : cluster.get("/jobs/" + jobId).path("vertices")) {
                String vid = v.path("id").asText();
                for (JsonNode m : cluster.get("/jobs/" + jobId + "/vertices/" + vid + "/metrics")) {
                    String id = m.path("id").asText();
                    if (id.startsWith("0.") && id.endsWith(suffix)) {
                        vertex.set(vid);
                        metricId.set(id);
                        return true;
                    }
                }
            }
            return false;
        });

        String url = cluster.restUrl() + "/#/job/running/" + jobId + "/overview/" + vertex.get() + "/metrics";
        try (HeadlessChromium browser =
                HeadlessChromium.start(chromium.get(), WORK.resolve("chromium"), LOGS.resolve("chromium.out"))) {
            System.out.println("browser: " + browser.version() + ", page " + url);
            browser.navigate(url);
            Duration wait = Duration.ofMinutes(2);
            String selector = "flink-job-overview-drawer-chart nz-select";
            String chart = "[...document.querySelectorAll('flink-job-chart')].find(c =>"
                    + " c.querySelector('.title .text') && c.querySelector('.title .text').textContent.trim() === "
                    + HeadlessChromium.quote(metricId.get()) + ")";
            String shown = "(() => { const c = " + chart + "; const n = c && c.querySelector('.numeric');"
                    + " return n && !n.hidden ? n.textContent.trim() : ''; })()";
            try {
                browser.awaitTrue(
                        "the vertex's metrics tab with its metric selector",
                        wait,
                        "document.querySelector(" + HeadlessChromium.quote(selector) + ") !== null");

                // open the selector, search for our metric, pick it: clicks and keys as a user does;
                // a click may land while the panel still slides in, so each step clicks until it took
                String focused = "document.activeElement !== null && document.activeElement.tagName === 'INPUT'"
                        + " && document.activeElement.closest('nz-select') !== null";
                clickUntil(browser, "the selector's search box to take the focus", selector, focused);
                browser.type(metricId.get());
                String option = "[...document.querySelectorAll('nz-option-item')].find(e => e.textContent.trim() === "
                        + HeadlessChromium.quote(metricId.get()) + ")";
                browser.awaitTrue(
                        "the option " + metricId.get() + " in the list",
                        wait,
                        "(() => { const o = " + option + "; if (o) o.setAttribute('data-observe', 'option');"
                                + " return !!o; })()");
                clickUntil(browser, "a chart titled " + metricId.get(), "[data-observe='option']", "!!" + chart);

                // the chart of that metric, switched to its numeric view
                browser.eval(
                        "(() => { const b = [...(" + chart + ").querySelectorAll('button')]"
                                + ".find(b => b.textContent.trim() === 'Numeric'); b.setAttribute('data-observe', 'numeric'); })()");
                clickUntil(browser, "the chart's numeric view", "[data-observe='numeric']", shown + " !== ''");
                browser.awaitTrue("a number in the chart", wait, shown + ".match(/^\\d+$/) !== null");
            } catch (RuntimeException e) {
                Files.write(LOGS.resolve("web-ui-failure.png"), browser.screenshot());
                throw e;
            }
            AtomicLong first = new AtomicLong(-1);
            first.set(Long.parseLong(browser.eval(shown).asText()));
            Files.write(LOGS.resolve("web-ui-metric-1.png"), browser.screenshot());

            // the UI refreshes the value while the job runs
            AtomicLong later = new AtomicLong();
            LocalFlinkCluster.await("the shown calls to grow past " + first.get(), Duration.ofMinutes(3), () -> {
                String text = browser.eval(shown).asText();
                if (!text.matches("\\d+")) {
                    return false;
                }
                later.set(Long.parseLong(text));
                return later.get() > first.get();
            });
            Files.write(LOGS.resolve("web-ui-metric-2.png"), browser.screenshot());
            long rest = restValue(vertex.get(), metricId.get());
            System.out.println("web UI, " + metricId.get() + ": " + first.get() + " then " + later.get()
                    + " (REST API now: " + rest + "); screenshots in " + LOGS);
            assertThat(first.get()).isPositive();
            assertThat(later.get()).isGreaterThan(first.get());
            assertThat(rest).as("the REST API, read after the page").isGreaterThanOrEqualTo(later.get());
        }
    }

    /** Clicks the element until the condition holds (the click may land before the page is ready). */
    private static void clickUntil(HeadlessChromium browser, String what, String selector, String condition) {
        LocalFlinkCluster.await(what, Duration.ofMinutes(2), () -> {
            if (browser.eval(condition).asBoolean(false)) {
                return true;
            }
            browser.clickIfVisible(selector);
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return browser.eval(condition).asBoolean(false);
        });
    }

    private static long restValue(String vertex, String metricId) {
        for (JsonNode v : cluster.get("/jobs/" + jobId + "/vertices/" + vertex + "/metrics?get=" + metricId)) {
            if (metricId.equals(v.path("id").asText())) {
                return (long) Double.parseDouble(v.path("value").asText());
            }
        }
        throw new AssertionError("no metric " + metricId + " in the REST API");
    }

    private static List<String> jars(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(Path::toString)
                    .filter(p -> p.endsWith(".jar"))
                    .sorted()
                    .toList();
        }
    }
}
