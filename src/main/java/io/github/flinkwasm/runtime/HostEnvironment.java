package io.github.flinkwasm.runtime;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
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

    private final String pluginName;
    private final Map<String, String> config;
    final GuestLogStream stdout;
    final GuestLogStream stderr;
    String currentFunction = "-";
    private final List<Path> scratch = new ArrayList<>();

    HostEnvironment(String pluginName, Map<String, String> config) {
        this.pluginName = pluginName;
        this.config = config;
        this.stdout = new GuestLogStream(GUEST_LOG, "[" + pluginName + "]", false);
        this.stderr = new GuestLogStream(GUEST_LOG, "[" + pluginName + "]", true);
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
        String text = instance.memory().readString((int) args[1], (int) args[2]);
        String fn = currentFunction;
        switch (level) {
            case 0:
                GUEST_LOG.trace("[{}.{}] {}", pluginName, fn, text);
                break;
            case 1:
                GUEST_LOG.debug("[{}.{}] {}", pluginName, fn, text);
                break;
            case 2:
                GUEST_LOG.info("[{}.{}] {}", pluginName, fn, text);
                break;
            case 3:
                GUEST_LOG.warn("[{}.{}] {}", pluginName, fn, text);
                break;
            default:
                GUEST_LOG.error("[{}.{}] {}", pluginName, fn, text);
        }
        return null;
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
