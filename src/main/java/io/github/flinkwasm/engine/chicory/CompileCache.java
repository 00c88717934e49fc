package io.github.flinkwasm.engine.chicory;

import com.dylibso.chicory.compiler.Cache;
import io.github.flinkwasm.engine.CompileLimits;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Chicory's compiled-code cache in a folder, so that a JVM that starts again (a restarted
 * TaskManager, the command line) loads the translated classes of a module instead of translating
 * it again. Turned on by the system property {@value #PROPERTY} naming the folder, for instance
 * {@code env.java.opts.taskmanager: -Dflink.wasm.compile-cache=/var/cache/flink-wasm}. Entries are
 * written atomically, so JVMs may share the folder. The folder keeps at most {@link
 * CompileLimits#maxCachedModules()} entries: a read marks an entry as used (its modification
 * time), and a write removes the least recently used beyond the limit. Thread-safe.
 */
final class CompileCache implements Cache {
    static final String PROPERTY = "flink.wasm.compile-cache";
    private static final String SUFFIX = ".jar";

    private final Path dir;
    private final IntSupplier maxEntries;

    CompileCache(Path dir, IntSupplier maxEntries) {
        this.dir = dir;
        this.maxEntries = maxEntries;
    }

    /** The cache the system property names, or null when it is not set. */
    static CompileCache fromSystemProperty() {
        String dir = System.getProperty(PROPERTY);
        return dir == null || dir.isBlank() ? null : new CompileCache(Path.of(dir), CompileLimits::maxCachedModules);
    }

    @Override
    public byte[] get(String key) throws IOException {
        Path f = file(key);
        try {
            byte[] bytes = Files.readAllBytes(f);
            try {
                Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis()));
            } catch (IOException e) {
                // another JVM removed it just now, or the folder is read-only: the bytes are good
            }
            return bytes;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public void putIfAbsent(String key, byte[] data) throws IOException {
        Path target = file(key);
        if (Files.exists(target)) {
            return;
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "entry", ".tmp");
        try {
            Files.write(tmp, data);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        trim(target);
    }

    /** Removes the least recently used entries beyond the limit, never {@code keep}. */
    private void trim(Path keep) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(SUFFIX))
                    .collect(Collectors.toList());
        }
        int excess = files.size() - Math.max(1, maxEntries.getAsInt());
        if (excess <= 0) {
            return;
        }
        Map<Path, Long> used = new HashMap<>();
        for (Path f : files) {
            try {
                used.put(f, Files.getLastModifiedTime(f).toMillis());
            } catch (IOException e) {
                used.put(f, Long.MAX_VALUE); // gone already
            }
        }
        files.sort(Comparator.comparing(used::get));
        for (Path f : files) {
            if (excess <= 0) {
                break;
            }
            if (!f.equals(keep)) {
                Files.deleteIfExists(f);
                excess--;
            }
        }
    }

    private Path file(String key) {
        // keys are digests such as "sha-256:ab12..."; keep the name portable
        return dir.resolve(key.replaceAll("[^A-Za-z0-9._-]", "_") + SUFFIX);
    }
}
