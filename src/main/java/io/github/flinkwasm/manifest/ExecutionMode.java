package io.github.flinkwasm.manifest;

import org.apache.flink.annotation.PublicEvolving;

/** How a module's code runs: translated to JVM bytecode, or interpreted. */
@PublicEvolving
public enum ExecutionMode {
    /** Chicory's runtime compiler: fast, and every loop can be interrupted. The default. */
    COMPILED,
    /** Chicory's interpreter: no bytecode generation, about 150 times slower. A fallback. */
    INTERPRETED;

    /** The manifest spelling, {@code compiled} or {@code interpreted}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
