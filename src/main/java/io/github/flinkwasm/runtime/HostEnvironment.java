package io.github.flinkwasm.runtime;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.github.flinkwasm.LogRateLimit;
import io.github.flinkwasm.WasmCallException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host functions of module {@value #MODULE} that one instance imports: {@code log} and {@code
 * config_get}. One per instance, since it names the function being called.
 */
final class HostEnvironment {
    static final String MODULE = "flink_wasm";
    static final Logger GUEST_LOG = LoggerFactory.getLogger("io.github.flinkwasm.guest");

    static final WasmSignature LOG_TYPE =
            WasmSignature.of(List.of(WasmType.I32, WasmType.I32, WasmType.I32), List.of());
    static final WasmSignature CONFIG_GET_TYPE =
            WasmSignature.of(List.of(WasmType.I32, WasmType.I32), List.of(WasmType.I64));

    /** Signatures of every host function, by name. */
    static final Map<String, WasmSignature> FUNCTIONS = Map.of("log", LOG_TYPE, "config_get", CONFIG_GET_TYPE);

    private static final int TRACE = 0;
    private static final int DEBUG = 1;
    private static final int INFO = 2;
    private static final int WARN = 3;
    private static final int ERROR = 4;

    private final String pluginName;
    private final Map<String, String> config;
    private final LogRateLimit logLimit;
    final GuestLogStream stdout;
    final GuestLogStream stderr;
    String currentFunction = "-";
    private final List<Path> scratch = new ArrayList<>();

    HostEnvironment(String pluginName, Map<String, String> config, LogRateLimit logLimit) {
        this.pluginName = pluginName;
        this.config = config;
        this.logLimit = logLimit;
        this.stdout = new GuestLogStream(line -> guestLine(INFO, "stdout: ", line));
        this.stderr = new GuestLogStream(line -> guestLine(WARN, "stderr: ", line));
    }

    HostFunction[] functions() {
        return new HostFunction[] {
            new HostFunction(
                    MODULE,
                    "log",
                    FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32), List.of()),
                    this::log),
            new HostFunction(
                    MODULE,
                    "config_get",
                    FunctionType.of(List.of(ValType.I32, ValType.I32), List.of(ValType.I64)),
                    this::configGet)
        };
    }

    private long[] log(Instance instance, long... args) {
        int level = (int) args[0];
        if (!enabled(level)) {
            return null; // neither read nor counted against the limit
        }
        int len = (int) args[2];
        String text = len >= 0 && len > GuestLogStream.MAX_LINE
                ? instance.memory().readString((int) args[1], GuestLogStream.MAX_LINE) + "...(" + len + " bytes)"
                : instance.memory().readString((int) args[1], len);
        guestLine(level, "", text);
        return null;
    }

    /** One line of the guest's, at a level of {@code flink_wasm.log}, within the rate limit. */
    private void guestLine(int level, String kind, String text) {
        long dropped = logLimit.acquire(System.nanoTime());
        if (dropped < 0) {
            return;
        }
        if (dropped > 0) {
            reportDropped(dropped);
        }
        String fn = currentFunction;
        switch (level) {
            case TRACE:
                GUEST_LOG.trace("[{}.{}] {}{}", pluginName, fn, kind, text);
                break;
            case DEBUG:
                GUEST_LOG.debug("[{}.{}] {}{}", pluginName, fn, kind, text);
                break;
            case INFO:
                GUEST_LOG.info("[{}.{}] {}{}", pluginName, fn, kind, text);
                break;
            case WARN:
                GUEST_LOG.warn("[{}.{}] {}{}", pluginName, fn, kind, text);
                break;
            default:
                GUEST_LOG.error("[{}.{}] {}{}", pluginName, fn, kind, text);
        }
    }

    private static boolean enabled(int level) {
        switch (level) {
            case TRACE:
                return GUEST_LOG.isTraceEnabled();
            case DEBUG:
                return GUEST_LOG.isDebugEnabled();
            case INFO:
                return GUEST_LOG.isInfoEnabled();
            case WARN:
                return GUEST_LOG.isWarnEnabled();
            default:
                return GUEST_LOG.isErrorEnabled();
        }
    }

    private void reportDropped(long dropped) {
        GUEST_LOG.warn(
                "[{}.{}] {} guest log lines dropped: at most {} are logged per {} s",
                pluginName,
                currentFunction,
                dropped,
                logLimit.perInterval(),
                TimeUnit.NANOSECONDS.toSeconds(logLimit.intervalNanos()));
    }

    private long[] configGet(Instance instance, long... args) {
        String key = instance.memory().readString((int) args[0], (int) args[1]);
        String value = config.get(key);
        if (value == null) {
            return new long[] {-1L};
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        long[] r;
        try {
            r = instance.export("alloc").apply(bytes.length);
        } catch (RuntimeException e) {
            throw new WasmCallException(
                    "config_get('" + key + "') needs the guest's export " + "alloc(i32) -> i32 to return the value: "
                            + GuestFunction.describe(e),
                    e);
        }
        int ptr = (int) r[0];
        instance.memory().write(ptr, bytes);
        return new long[] {((long) ptr << 32) | (bytes.length & 0xFFFFFFFFL)};
    }

    /**
     * A private copy of a granted folder, deleted when the instance closes. The copy never reaches
     * outside the folder: a link whose target lies inside it becomes a link to the same place in
     * the copy; a link that leads outside, dangles or loops is left out, and so is anything that is
     * neither a file nor a folder (a pipe, a device, a socket).
     */
    Path scratchCopy(Path folder) {
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

    void close() {
        stdout.close();
        stderr.close();
        long dropped = logLimit.drainDropped();
        if (dropped > 0) {
            reportDropped(dropped);
        }
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
