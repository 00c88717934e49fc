package io.github.flinkwasm.engine.chicory;

import io.github.flinkwasm.engine.WasmEngine;
import org.apache.flink.annotation.Internal;

/** Registers {@link ChicoryEngine} with {@link io.github.flinkwasm.engine.WasmEngines} (a service). */
@Internal
public final class ChicoryEngineProvider implements WasmEngine.Provider {
    @Override
    public WasmEngine engine() {
        return ChicoryEngine.INSTANCE;
    }
}
