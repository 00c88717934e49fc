package io.github.flinkwasm.engine.chicory;

import com.dylibso.chicory.compiler.Cache;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Chicory's compiled-code cache in a folder, so that a JVM that starts again (a restarted
 * TaskManager, the command line) loads the translated classes of a module instead of translating
 * it again. Turned on by the system property {@value #PROPERTY} naming the folder, for instance
 * {@code env.java.opts.taskmanager: -Dflink.wasm.compile-cache=/var/cache/flink-wasm}. Entries are
 * written atomically, so JVMs may share the folder. Thread-safe.
 */
final class CompileCache implements Cache {
    static final String PROPERTY = "flink.wasm.compile-cache";

    private final Path dir;

    private CompileCache(Path dir) {
        this.dir = dir;
    }

    /** The cache the system property names, or null when it is not set. */
    static CompileCache fromSystemProperty() {
        String dir = System.getProperty(PROPERTY);
        return dir == null || dir.isBlank() ? null : new CompileCache(Path.of(dir));
    }

    @Override
    public byte[] get(String key) throws IOException {
        try {
            return Files.readAllBytes(file(key));
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
    }

    private Path file(String key) {
        // keys are digests such as "sha-256:ab12..."; keep the name portable
        return dir.resolve(key.replaceAll("[^A-Za-z0-9._-]", "_") + ".jar");
    }
}
