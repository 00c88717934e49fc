package io.github.flinkwasm.engine.chicory;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class ModuleCacheTest {
    private static final ClassLoader APP = ModuleCacheTest.class.getClassLoader();

    private final AtomicInteger max = new AtomicInteger(3);
    private final ModuleCache<String> cache = new ModuleCache<>(max::get);
    private final List<String> started = new ArrayList<>();

    private CompletableFuture<String> get(String key, ClassLoader owner) {
        return cache.get(key, owner, f -> {
            started.add(key);
            f.complete("compiled " + key);
        });
    }

    @Test
    void shouldMakeEachValueOnceAndShareIt() {
        CompletableFuture<String> a = get("a", APP);
        assertThat(get("a", APP)).isSameAs(a);
        assertThat(a.join()).isEqualTo("compiled a");
        assertThat(started).containsExactly("a");
    }

    @Test
    void shouldDropTheLeastRecentlyUsedBeyondTheLimit() {
        get("a", APP);
        get("b", APP);
        get("c", APP);
        get("a", APP); // a is used again: b is now the least recent
        get("d", APP);
        assertThat(cache.keys()).containsExactly("c", "a", "d");
        get("b", APP); // made again
        assertThat(started).containsExactly("a", "b", "c", "d", "b");
        max.set(1); // the limit is read at each request
        get("e", APP);
        assertThat(cache.keys()).containsExactly("e");
    }

    @Test
    void shouldDropOnlyTheFailedValueItWasAskedTo() {
        CompletableFuture<String> a = get("a", APP);
        cache.remove("a", new CompletableFuture<>());
        assertThat(cache.keys()).containsExactly("a");
        cache.remove("a", a);
        assertThat(cache.keys()).isEmpty();
    }

    @Test
    void shouldDropTheEntriesOfAClassLoaderThatWentAway() throws Exception {
        max.set(100);
        WeakReference<ClassLoader> gone = useAndForget("job-one-only");
        URLClassLoader stays = new URLClassLoader(new URL[0], null);
        get("shared", stays);
        WeakReference<ClassLoader> alsoGone = useAndForget("shared");
        get("permanent", null);
        awaitCollected(gone);
        awaitCollected(alsoGone);
        assertThat(cache.keys()).containsExactly("shared", "permanent");
        stays.close();
    }

    /** Asks for {@code key} from a class loader that nothing keeps once this returns. */
    private WeakReference<ClassLoader> useAndForget(String key) {
        URLClassLoader job = new URLClassLoader(new URL[0], null);
        get(key, job);
        return new WeakReference<>(job);
    }

    private static void awaitCollected(WeakReference<?> ref) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ref.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(50);
        }
        assertThat(ref.get()).as("the class loader was collected").isNull();
    }
}
