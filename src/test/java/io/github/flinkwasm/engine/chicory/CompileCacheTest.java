package io.github.flinkwasm.engine.chicory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileCacheTest {
    @TempDir
    Path dir;

    private String files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(f -> f.getFileName().toString()).sorted().collect(Collectors.joining(" "));
        }
    }

    private void age(String key, long millis) throws IOException {
        Files.setLastModifiedTime(dir.resolve(key + ".jar"), FileTime.fromMillis(millis));
    }

    @Test
    void shouldKeepTheMostRecentlyUsedEntriesUpToTheLimit() throws IOException {
        CompileCache cache = new CompileCache(dir, () -> 3);
        cache.putIfAbsent("a", new byte[] {1});
        cache.putIfAbsent("b", new byte[] {2});
        cache.putIfAbsent("c", new byte[] {3});
        age("a", 1000);
        age("b", 2000);
        age("c", 3000);
        assertThat(cache.get("a")).containsExactly(1); // read: now the most recent
        cache.putIfAbsent("d", new byte[] {4});
        assertThat(files()).isEqualTo("a.jar c.jar d.jar");
        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("d")).containsExactly(4);
    }

    @Test
    void shouldShareTheFolderWithEntriesItDidNotWrite() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "not an entry");
        CompileCache cache = new CompileCache(dir, () -> 1);
        cache.putIfAbsent("a", new byte[] {1});
        cache.putIfAbsent("b", new byte[] {2});
        assertThat(files()).isEqualTo("b.jar notes.txt");
    }
}
