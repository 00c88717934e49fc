package io.github.flinkwasm.manifest;

import org.apache.flink.annotation.PublicEvolving;

/** How a plugin's functions take arguments and give results: {@code vm_config.abi}. */
@PublicEvolving
public enum Abi {
    /** The library's own convention (SPEC sections 3 and 7): arguments as WebAssembly values. The default. */
    FLINK,
    /**
     * Extism's plugin ABI (SPEC section 8): each function is an export {@code () -> i32} that reads
     * its input and writes its output through the host functions of {@code extism:host/env}.
     */
    EXTISM;

    /** The manifest spelling, {@code flink} or {@code extism}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
