package io.github.flinkwasm.engine.chicory;

import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import io.github.flinkwasm.manifest.WasiConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private final GuestLogStream stdout;
    private final GuestLogStream stderr;
    private final List<Path> scratch = new ArrayList<>();
    final WasiPreview1 wasi;

    WasiSandbox(String pluginName, WasiConfig config) {
        this.pluginName = pluginName;
        this.stdout = new GuestLogStream(GUEST_LOG, "[" + pluginName + "]", false);
        this.stderr = new GuestLogStream(GUEST_LOG, "[" + pluginName + "]", true);
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

    private Path scratchCopy(Path folder) {
        try {
            Path copy = Files.createTempDirectory("flink-wasm-preopen-");
            scratch.add(copy);
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path target = copy.resolve(folder.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target);
                    }
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot prepare the WASI folder " + folder + " for plugin '" + pluginName + "'", e);
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
