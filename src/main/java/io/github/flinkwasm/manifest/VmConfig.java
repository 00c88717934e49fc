package io.github.flinkwasm.manifest;

import io.github.flinkwasm.Records;
import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;

/**
 * The {@code vm_config} object of a manifest.
 *
 * @param engine the engine that runs the module (see {@code engine.WasmEngines}); {@code chicory}
 *     when the manifest names none
 * @param path where the module is: relative to the manifest, absolute, or a URI
 * @param sha256 expected SHA-256 of the module bytes in hex, or null to skip the check
 * @param mode compiled (default) or interpreted
 * @param timeoutMs wall-clock limit of one call in milliseconds; 0 means none
 * @param maxMemoryPages cap of linear memory in 64 KiB pages
 * @param wasi WASI grants
 * @param abi how functions take arguments and give results
 */
@PublicEvolving
public record VmConfig(
        String engine,
        String path,
        String sha256,
        ExecutionMode mode,
        long timeoutMs,
        int maxMemoryPages,
        WasiConfig wasi,
        Abi abi)
        implements Serializable {

    /** The engine of a manifest that names none. */
    public static final String ENGINE_CHICORY = "chicory";

    public static final long DEFAULT_TIMEOUT_MS = 1000;
    public static final int DEFAULT_MAX_MEMORY_PAGES = 256;

    /** This configuration with other WASI grants. */
    public VmConfig withWasi(WasiConfig other) {
        return new VmConfig(engine, path, sha256, mode, timeoutMs, maxMemoryPages, other, abi);
    }

    // written out, see Records: a record's own would keep a job's class loader alive on JDK 17

    @Override
    public boolean equals(Object o) {
        return Records.equals(this, o);
    }

    @Override
    public int hashCode() {
        return Records.hashCode(this);
    }

    @Override
    public String toString() {
        return Records.toString(this);
    }
}
