package io.github.flinkwasm.engine;

import org.apache.flink.annotation.Internal;

/**
 * Limits of the work a module may cause before its first call, set by whoever runs the JVM (never
 * by the plugin): the size of a module, in bytes, and the time its compilation may take. System
 * properties, read at each use: {@value #MAX_MODULE_BYTES} (default 64 MiB) and {@value
 * #COMPILE_TIMEOUT_MS} (default 60 s; 0 for none); and how many compiled modules a JVM keeps,
 * {@value #MAX_CACHED_MODULES} (default 64), which also bounds the files of the compile cache
 * folder ({@code flink.wasm.compile-cache}).
 */
@Internal
public final class CompileLimits {
    public static final String MAX_MODULE_BYTES = "flink.wasm.max-module-bytes";
    public static final String COMPILE_TIMEOUT_MS = "flink.wasm.compile-timeout-ms";
    public static final long DEFAULT_MAX_MODULE_BYTES = 64L << 20;
    public static final long DEFAULT_COMPILE_TIMEOUT_MS = 60_000;
    public static final String MAX_CACHED_MODULES = "flink.wasm.compile-cache.max-entries";
    public static final int DEFAULT_MAX_CACHED_MODULES = 64;

    private CompileLimits() {
        // no instances
    }

    /** The largest module accepted, in bytes. */
    public static long maxModuleBytes() {
        return property(MAX_MODULE_BYTES, DEFAULT_MAX_MODULE_BYTES, 1);
    }

    /** How long compiling one module may take, in milliseconds; 0 for no limit. */
    public static long compileTimeoutMs() {
        return property(COMPILE_TIMEOUT_MS, DEFAULT_COMPILE_TIMEOUT_MS, 0);
    }

    /** How many compiled modules this JVM keeps, the least recently used dropped first. */
    public static int maxCachedModules() {
        return (int) Math.min(Integer.MAX_VALUE, property(MAX_CACHED_MODULES, DEFAULT_MAX_CACHED_MODULES, 1));
    }

    /** Says why a module of this size is refused, or null when it is accepted. */
    public static String sizeProblem(long bytes) {
        long max = maxModuleBytes();
        return bytes <= max
                ? null
                : "the module is " + bytes + " bytes, above the limit of " + max + " bytes (system property "
                        + MAX_MODULE_BYTES + ")";
    }

    private static long property(String name, long defaultValue, long min) {
        String text = System.getProperty(name);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value >= min) {
                return value;
            }
        } catch (NumberFormatException e) {
            // explained below
        }
        throw new IllegalArgumentException(
                "system property " + name + " must be a whole number of at least " + min + ", found '" + text + "'");
    }
}
