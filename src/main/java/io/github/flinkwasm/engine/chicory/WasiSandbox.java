package io.github.flinkwasm.engine.chicory;

import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import io.github.flinkwasm.LogRateLimit;
import io.github.flinkwasm.manifest.WasiConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WASI preview 1 for one instance, exactly as granted: stdout and stderr to the log line by line,
 * the granted environment and arguments, and a private copy of each granted folder, deleted when
 * the instance closes.
 */
final class WasiSandbox implements AutoCloseable {
    static final Logger GUEST_LOG = LoggerFactory.getLogger("io.github.flinkwasm.guest");

    private final String pluginName;
    private final LogRateLimit logLimit;
    private final GuestLogStream stdout;
    private final GuestLogStream stderr;
    private final List<Path> scratch = new ArrayList<>();
    final WasiPreview1 wasi;

    WasiSandbox(String pluginName, WasiConfig config, LogRateLimit logLimit) {
        this.pluginName = pluginName;
        this.logLimit = logLimit;
        this.stdout = new GuestLogStream(line -> line(false, line));
        this.stderr = new GuestLogStream(line -> line(true, line));
        WasiOptions.Builder options =
                WasiOptions.builder().withStdout(stdout).withStderr(stderr).withArguments(config.args());
        for (Map.Entry<String, String> e : config.env().entrySet()) {
            options.withEnvironment(e.getKey(), e.getValue());
        }
        try {
            for (Map.Entry<String, String> e : config.preopens().entrySet()) {
                // the guest gets its own copy: what it writes never reaches the host folder
                options.withDirectory(e.getKey(), scratchCopy(Path.of(e.getValue())));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        if (config.deterministic()) {
            options.withClock(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)).withRandom(new Random(0));
        }
        this.wasi = WasiPreview1.builder().withOptions(options.build()).build();
    }

    /** One line of stdout (INFO) or stderr (WARN), within the rate limit. */
    private void line(boolean error, String text) {
        if (error ? !GUEST_LOG.isWarnEnabled() : !GUEST_LOG.isInfoEnabled()) {
            return;
        }
        long dropped = logLimit.acquire(System.nanoTime());
        if (dropped < 0) {
            return;
        }
        if (dropped > 0) {
            GUEST_LOG.warn("[{}] {}", pluginName, logLimit.droppedMessage(dropped, "guest log lines"));
        }
        if (error) {
            GUEST_LOG.warn("[{}] stderr: {}", pluginName, text);
        } else {
            GUEST_LOG.info("[{}] stdout: {}", pluginName, text);
        }
    }

    /**
     * A private copy of a granted folder, deleted when the instance closes. The copy never reaches
     * outside the folder: a link whose target lies inside it becomes a link to the same place in
     * the copy; a link that leads outside, dangles or loops is left out, and so is anything that is
     * neither a file nor a folder (a pipe, a device, a socket).
     */
    private Path scratchCopy(Path folder) {
        try {
            Path copy = Files.createTempDirectory("flink-wasm-preopen-" + pluginName + "-");
            scratch.add(copy);
            Path root = folder.toRealPath(); // the grant may itself be reached through a link
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.createDirectories(inCopy(dir));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile()) {
                        Files.copy(file, inCopy(file), LinkOption.NOFOLLOW_LINKS);
                    } else if (attrs.isSymbolicLink()) {
                        Path target = linkTarget(file);
                        if (target != null && target.startsWith(root)) {
                            Files.createSymbolicLink(inCopy(file), inCopy(target));
                        } else {
                            GUEST_LOG.warn(
                                    "[{}] {} is a link that leads out of the granted folder {}{}; the guest does not"
                                            + " see it",
                                    pluginName,
                                    file,
                                    root,
                                    target == null ? " (or nowhere)" : " (to " + target + ")");
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                private Path inCopy(Path f) {
                    return copy.resolve(root.relativize(f).toString());
                }
            });
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot prepare the WASI folder " + folder + " for plugin '" + pluginName + "'", e);
        }
    }

    private static Path linkTarget(Path link) {
        try {
            return link.toRealPath();
        } catch (IOException e) {
            return null; // dangling, a loop, or not readable
        }
    }

    @Override
    public void close() {
        if (wasi != null) {
            wasi.close();
        }
        stdout.close();
        stderr.close();
        for (Path copy : scratch) {
            try (Stream<Path> files = Files.walk(copy)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                GUEST_LOG.debug("cannot delete {}", copy, e);
            }
        }
        scratch.clear();
    }
}
