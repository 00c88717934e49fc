package io.github.flinkwasm.runtime;

import java.util.List;

/**
 * A function the host provides to a guest as an import, written without reference to the engine:
 * code outside this package (the Extism host) defines imports with it and passes them in {@link
 * InstanceOptions#hostImports()}.
 *
 * @param module import module name, such as {@code extism:host/env}
 * @param name import name, such as {@code alloc}
 * @param params parameter types
 * @param results result types (empty or one)
 * @param handler what the call does
 */
public record HostImport(String module, String name, List<WasmType> params, List<WasmType> results, Handler handler) {

    public HostImport {
        params = List.copyOf(params);
        results = List.copyOf(results);
    }

    /** The function's type. */
    public WasmSignature signature() {
        return WasmSignature.of(params, results);
    }

    /** The body of a host function. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Runs on the thread of the guest call that made it.
         *
         * @param memory the calling instance's linear memory
         * @param args the arguments as raw bits; must not be kept after the call
         * @return the results as raw bits, or null when there are none; the engine reads them at
         *     once, so a handler may hand back the same array every time
         */
        long[] call(GuestMemory memory, long[] args);
    }
}
