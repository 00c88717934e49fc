package io.github.flinkwasm.engine;

import io.github.flinkwasm.Records;
import java.util.List;
import org.apache.flink.annotation.Internal;

/**
 * A function the host provides to a guest as an import, independent of the engine: code outside
 * the engine packages defines imports with it and passes them in {@link InstanceOptions}.
 *
 * @param module import module name, such as {@code flink_wasm}
 * @param name import name, such as {@code log}
 * @param params parameter types
 * @param results result types (empty or one)
 * @param handler what the call does
 */
@Internal
public record HostFunction(String module, String name, List<WasmType> params, List<WasmType> results, Handler handler) {

    public HostFunction {
        params = List.copyOf(params);
        results = List.copyOf(results);
    }

    /** The function's type. */
    public WasmSignature signature() {
        return WasmSignature.of(params, results);
    }

    /** {@code module.name}, as imports are written in messages. */
    public String qualifiedName() {
        return module + "." + name;
    }

    /** The body of a host function. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Runs on the thread of the guest call that made it.
         *
         * @param memory the calling instance's memory (and its {@code alloc}/{@code dealloc})
         * @param args the arguments as raw bits ({@code f32}/{@code f64} by their IEEE bits); must not
         *     be kept after the call
         * @return the results as raw bits, or null when there are none
         */
        long[] call(GuestMemory memory, long[] args);
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
