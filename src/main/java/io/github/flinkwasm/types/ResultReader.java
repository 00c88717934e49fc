package io.github.flinkwasm.types;

import io.github.flinkwasm.engine.WasmInstance;
import org.apache.flink.annotation.Internal;

/** Reads the raw result of one function as a SQL value. Not thread-safe. */
@Internal
@FunctionalInterface
public interface ResultReader {
    /**
     * @throws io.github.flinkwasm.WasmCallException when the guest returned something that does not
     *     fit the type
     */
    Object read(long raw, WasmInstance instance);
}
