package io.github.flinkwasm.engine;

import io.github.flinkwasm.manifest.ExecutionMode;
import java.util.Map;
import org.apache.flink.annotation.Internal;

/**
 * A WebAssembly runtime behind the library: reads, checks and compiles modules and creates
 * instances. Chosen per plugin by {@code vm_config.engine} through {@link WasmEngines}.
 * Implementations are thread-safe singletons and the only code that sees the runtime's own types.
 *
 * <p>To add an engine: implement this interface (with {@link CompiledModule}, {@link WasmInstance}
 * and {@link GuestFunction}) in a package of its own beside {@code engine.chicory}, with a {@link
 * Provider} named in {@code META-INF/services/io.github.flinkwasm.engine.WasmEngine$Provider}.
 * This package names no engine.
 */
@Internal
public interface WasmEngine {

    /**
     * Hands {@link WasmEngines} an engine's singleton; found with {@link java.util.ServiceLoader},
     * so it needs a public constructor without arguments.
     */
    interface Provider {
        WasmEngine engine();
    }

    /** The {@code vm_config.engine} value that selects this engine. */
    String name();

    /**
     * Decodes and validates a module and describes it.
     *
     * @throws IllegalArgumentException explaining why the bytes are not a valid module
     */
    ModuleInfo inspect(byte[] bytes);

    /**
     * The compiled form of a module, made on first request and shared by every later caller in this
     * JVM (every subtask and every function of every plugin with the same bytes and mode).
     *
     * @param digest {@link WasmEngines#digest} of the bytes, the cache key
     * @throws io.github.flinkwasm.WasmLoadException when the module does not compile
     */
    CompiledModule compile(byte[] bytes, String digest, ExecutionMode mode);

    /** How often the module with this digest was compiled in this JVM in this mode. */
    int compilations(String digest, ExecutionMode mode);

    /**
     * The WASI preview 1 functions this engine links when a plugin grants WASI, by {@code
     * module.name}, with their types.
     */
    Map<String, WasmSignature> wasiFunctions();
}
