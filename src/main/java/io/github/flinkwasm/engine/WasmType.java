package io.github.flinkwasm.engine;

/** The four WebAssembly number types that cross the host boundary. */
public enum WasmType {
    I32,
    I64,
    F32,
    F64;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
