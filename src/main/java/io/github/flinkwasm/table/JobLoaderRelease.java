package io.github.flinkwasm.table;

import java.lang.reflect.Field;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.runtime.generated.CompileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a session cluster unload the classes of a job that called our functions once the job has
 * ended on a TaskManager, where the connector comes with each job ({@code ADD JAR}).
 *
 * <p>Flink 2.3 itself keeps an ended job's class loader in two places (found in heap dumps of a
 * TaskManager); in both, what is held is a class loader that delegated to the job's loader, and the
 * JVM keeps the job's loader alive as long as that one lives (the class loader data records the
 * dependency; no Java field shows it):
 *
 * <ul>
 *   <li>Flink's code generation keeps every class it compiled in a JVM-wide cache ({@code
 *       CompileUtils.COMPILED_CLASS_CACHE}: soft values, 300 entries, 5 minutes after the last
 *       use). A generated class that calls one of our functions holds the job's loader until the GC
 *       clears the soft reference, which a full GC without memory pressure does not: one copy of
 *       the connector (about 640 classes) per ended job.
 *   <li>Threads that Flink starts from a task thread and keeps for later jobs (for instance {@code
 *       blocking-shuffle-io-thread-1} of batch shuffles) inherit that job's class loader as their
 *       context class loader and keep it as long as they live.
 * </ul>
 *
 * <p>The first function opened in a job registers a release hook on the job's user class loader.
 * When Flink releases that loader, the hook removes the classes generated under it from the cache
 * and gives threads that still have it as context class loader its parent instead (a released
 * loader refuses to load anything anyway). The cache is Flink's internal state, reached by
 * reflection; if a later Flink changes it, the hook logs that at debug level and leaves it.
 */
@Internal
final class JobLoaderRelease {
    private static final Logger LOG = LoggerFactory.getLogger(JobLoaderRelease.class);
    private static final String HOOK = "flink-wasm: release what Flink keeps of the job's class loader";

    private JobLoaderRelease() {
        // no instances
    }

    /** Registers the release hook once per job class loader; does nothing outside a task. */
    static void registerFor(FunctionContext context) {
        RuntimeContext runtime = runtimeContext(context);
        if (runtime == null) {
            return;
        }
        ClassLoader jobLoader = runtime.getUserCodeClassLoader();
        runtime.registerUserCodeClassLoaderReleaseHookIfAbsent(HOOK, () -> release(jobLoader));
    }

    /** What the hook does when Flink releases {@code jobLoader}. */
    static void release(ClassLoader jobLoader) {
        int classes = dropClassesGeneratedUnder(jobLoader);
        int threads = detachThreadsFrom(jobLoader);
        LOG.debug(
                "released an ended job's class loader: {} generated classes dropped from Flink's cache, {} threads"
                        + " given its parent as context class loader",
                classes,
                threads);
    }

    /**
     * Removes from Flink's cache of generated classes those whose class loader has {@code
     * jobLoader} among its ancestors; returns how many.
     */
    static int dropClassesGeneratedUnder(ClassLoader jobLoader) {
        try {
            Map<?, ?> cache = compiledClasses();
            int before = cache.size();
            cache.values().removeIf(v -> v instanceof Class<?> c && isUnder(c.getClassLoader(), jobLoader));
            return before - cache.size();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.debug("cannot reach Flink's code generation cache; the classes of an ended job stay until GC", e);
            return 0;
        }
    }

    /**
     * Gives every live thread whose context class loader is {@code jobLoader} (or one below it)
     * the parent of {@code jobLoader} instead; returns how many.
     */
    static int detachThreadsFrom(ClassLoader jobLoader) {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() * 2 + 16];
        int n = root.enumerate(threads, true);
        int detached = 0;
        for (int i = 0; i < n; i++) {
            if (isUnder(threads[i].getContextClassLoader(), jobLoader)) {
                threads[i].setContextClassLoader(jobLoader.getParent());
                detached++;
            }
        }
        return detached;
    }

    /** A live view of {@code CompileUtils.COMPILED_CLASS_CACHE}: generated class by source and loader. */
    static Map<?, ?> compiledClasses() throws ReflectiveOperationException {
        Field field = CompileUtils.class.getDeclaredField("COMPILED_CLASS_CACHE");
        field.setAccessible(true);
        // the field's declared type is Flink's relocated Guava Cache interface: asMap() through it
        return (Map<?, ?>) field.getType().getMethod("asMap").invoke(field.get(null));
    }

    private static boolean isUnder(ClassLoader loader, ClassLoader ancestor) {
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (l == ancestor) {
                return true;
            }
        }
        return false;
    }

    /** The task's runtime context behind a function context (null when planning, or unreachable). */
    private static RuntimeContext runtimeContext(FunctionContext context) {
        try {
            Field field = FunctionContext.class.getDeclaredField("context");
            field.setAccessible(true);
            return (RuntimeContext) field.get(context);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("no runtime context behind the function context", e);
            return null;
        }
    }
}
