package io.github.flinkwasm.engine;

import io.github.flinkwasm.manifest.ExecutionMode;
import org.apache.flink.annotation.Internal;

/**
 * A parsed, validated and (in compiled mode) translated module: the expensive, shareable part.
 * Thread-safe; every {@link #instantiate} gives an independent instance sharing no state. Get one
 * through {@link WasmEngine#compile}, which makes one per module per JVM.
 */
@Internal
public interface CompiledModule {

    ModuleInfo info();

    ExecutionMode mode();

    /** How many instances this JVM has created of this module in this mode. */
    long instancesCreated();

    /**
     * Creates an instance: memory capped, host functions and (when granted) WASI linked, the start
     * function and a reactor's {@code _initialize} run.
     *
     * @throws io.github.flinkwasm.WasmLoadException when the instance cannot be created
     */
    WasmInstance instantiate(InstanceOptions options);

    /**
     * A {@link NumbersCall} of this export, shared by every instance of this module, or null when
     * the engine has none for it (then {@link GuestFunction#call} is the way, with the same
     * result). Meant to be asked once an instance exists.
     */
    default NumbersCall numbersCall(String export) {
        return null;
    }
}
