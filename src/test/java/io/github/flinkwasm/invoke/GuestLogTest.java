package io.github.flinkwasm.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkwasm.engine.InstanceOptions;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.testing.CountingMetrics;
import io.github.flinkwasm.testing.LogCapture;
import io.github.flinkwasm.testing.LogCapture.Line;
import io.github.flinkwasm.testing.TestPlugins;
import io.github.flinkwasm.types.Representation;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a guest's log lines and its stdout and stderr write to the job's log, and how much. */
class GuestLogTest {
    private static final String GUEST = "io.github.flinkwasm.guest";
    private static final int LIMIT = InstanceOptions.GUEST_LOG_LINES;

    @TempDir
    Path dir;

    private Plugin plugin;

    @BeforeEach
    void load() {
        plugin = PluginLoader.load(TestPlugins.manifest(
                dir,
                "talker",
                "guest_log",
                "\"wasi\": true, \"timeout_ms\": 60000",
                "[{\"name\": \"say\", \"params\": [\"INT\", \"STRING\"], \"returns\": \"INT\"}, \"spam\", "
                        + "\"print\"]"));
    }

    @Test
    void shouldWriteEachLogLineAtItsLevelNamingPluginAndFunction() {
        try (LogCapture log = LogCapture.of(GUEST);
                FunctionInvoker say = FunctionInvoker.open(plugin, "say", new CountingMetrics(), Representation.JAVA)) {
            for (int level = 0; level <= 4; level++) {
                say.invoke(level, "message " + level + " ü");
            }
            say.invoke(9, "beyond error");
            assertThat(log.lines())
                    .containsExactly(
                            new Line(GUEST, "TRACE", "[talker.say] message 0 ü"),
                            new Line(GUEST, "DEBUG", "[talker.say] message 1 ü"),
                            new Line(GUEST, "INFO", "[talker.say] message 2 ü"),
                            new Line(GUEST, "WARN", "[talker.say] message 3 ü"),
                            new Line(GUEST, "ERROR", "[talker.say] message 4 ü"),
                            new Line(GUEST, "ERROR", "[talker.say] beyond error"));
        }
    }

    @Test
    void shouldCutAVeryLongLogLine() {
        String big = "x".repeat(100_000);
        try (LogCapture log = LogCapture.of(GUEST);
                FunctionInvoker say = FunctionInvoker.open(plugin, "say", new CountingMetrics(), Representation.JAVA)) {
            say.invoke(2, big);
            assertThat(log.lines()).hasSize(1);
            assertThat(log.lines().get(0).message())
                    .isEqualTo("[talker.say] " + "x".repeat(8192) + "...(100000 bytes)");
        }
    }

    @Test
    void shouldWriteStdoutAtInfoAndStderrAtWarnLineByLine() {
        try (LogCapture log = LogCapture.of(GUEST);
                FunctionInvoker print =
                        FunctionInvoker.open(plugin, "print", new CountingMetrics(), Representation.JAVA)) {
            print.invoke(1, 2);
            print.invoke(2, 1);
            assertThat(log.lines())
                    .containsExactly(
                            new Line(GUEST, "INFO", "[talker] stdout: line"),
                            new Line(GUEST, "INFO", "[talker] stdout: line"),
                            new Line(GUEST, "WARN", "[talker] stderr: line"));
        }
    }

    @Test
    void shouldBoundTheLinesOfAChattyGuestAndSayHowManyWereDropped() {
        List<Line> lines;
        try (LogCapture log = LogCapture.of(GUEST)) {
            try (FunctionInvoker spam =
                    FunctionInvoker.open(plugin, "spam", new CountingMetrics(), Representation.JAVA)) {
                spam.invoke(1000);
            }
            lines = log.lines();
        }
        assertThat(lines).hasSize(LIMIT + 1);
        assertThat(lines.subList(0, LIMIT))
                .isEqualTo(Collections.nCopies(LIMIT, new Line(GUEST, "INFO", "[talker.spam] spam")));
        assertThat(lines.get(LIMIT))
                .isEqualTo(new Line(
                        GUEST,
                        "WARN",
                        "[talker.spam] " + (1000 - LIMIT) + " guest log lines dropped: at most " + LIMIT
                                + " are logged per 10 s"));
    }

    @Test
    void shouldCountStdoutAgainstTheSameLimitAcrossInstanceRestarts() {
        List<Line> lines;
        try (LogCapture log = LogCapture.of(GUEST)) {
            try (FunctionInvoker print =
                    FunctionInvoker.open(plugin, "print", new CountingMetrics(), Representation.JAVA)) {
                print.invoke(1, LIMIT / 2);
                print.invoke(2, LIMIT);
            }
            lines = log.lines();
        }
        assertThat(lines.stream().filter(l -> l.message().endsWith("stdout: line")))
                .hasSize(LIMIT / 2);
        assertThat(lines.stream().filter(l -> l.message().endsWith("stderr: line")))
                .hasSize(LIMIT - LIMIT / 2);
        assertThat(lines.get(lines.size() - 1).message())
                .isEqualTo("[talker.print] " + LIMIT / 2 + " guest log lines dropped: at most " + LIMIT
                        + " are logged per 10 s");
    }
}
