package io.github.flinkwasm.engine;

import org.apache.flink.annotation.Internal;

/** The four WebAssembly number types that cross the host boundary. */
@Internal
public enum WasmType {
    I32,
    I64,
    F32,
    F64;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
