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
 * ended on a TaskManager.
 *
 * <p>Why it is needed (Flink 2.3, found in a heap dump of a TaskManager): Flink's code generation
 * keeps every class it compiled in a JVM-wide cache ({@code CompileUtils.COMPILED_CLASS_CACHE},
 * soft values, 300 entries, 5 minutes after the last use). A generated class that calls one of our
 * functions resolved our function class through the job's class loader, so the JVM keeps that
 * loader alive as long as the generated class lives (its class loader data records the dependency;
 * no Java field shows it). A full GC clears soft references only under memory pressure, so after
 * the job the whole connector (about 600 classes, with Chicory's generated machine classes) stays
 * loaded for minutes, one copy per ended job. Jobs that do not call a connector class keep only
 * the generated class itself.
 *
 * <p>What it does: the first function opened in a job registers a release hook on the job's user
 * class loader; when Flink releases that loader, the hook removes from the cache the classes that
 * were generated under it. The cache is Flink's internal state, reached by reflection; if a later
 * Flink changes it, the hook logs that at debug level and does nothing (the classes are then
 * released when the GC clears the soft references).
 */
@Internal
final class GeneratedCodeRelease {
    private static final Logger LOG = LoggerFactory.getLogger(GeneratedCodeRelease.class);
    private static final String HOOK = "flink-wasm: drop generated classes of the job";

    private GeneratedCodeRelease() {
        // no instances
    }

    /** Registers the release hook once per job class loader; does nothing outside a task. */
    static void registerFor(FunctionContext context) {
        RuntimeContext runtime = runtimeContext(context);
        if (runtime == null) {
            return;
        }
        ClassLoader jobLoader = runtime.getUserCodeClassLoader();
        runtime.registerUserCodeClassLoaderReleaseHookIfAbsent(HOOK, () -> dropClassesGeneratedUnder(jobLoader));
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
            int dropped = before - cache.size();
            LOG.debug("dropped {} classes generated for an ended job from Flink's code generation cache", dropped);
            return dropped;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.debug("cannot reach Flink's code generation cache; the classes of an ended job stay until GC", e);
            return 0;
        }
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
