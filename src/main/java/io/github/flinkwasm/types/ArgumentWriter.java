package io.github.flinkwasm.types;

import io.github.flinkwasm.engine.WasmInstance;
import org.apache.flink.annotation.Internal;

/** Writes one argument of one function parameter as WebAssembly arguments. Not thread-safe. */
@Internal
@FunctionalInterface
public interface ArgumentWriter {
    /**
     * Writes a non-null value at {@code slot} of the argument array, through linear memory when its
     * kind says so.
     *
     * @return the next slot
     */
    int write(Object value, long[] args, int slot, WasmInstance instance, ArgumentBlocks blocks);
}
