package io.github.flinkwasm.engine;

import io.github.flinkwasm.manifest.VmConfig;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.flink.annotation.Internal;

/**
 * The engines {@code vm_config.engine} can name, and what every engine shares. The engines are the
 * {@link WasmEngine.Provider}s on the class path of this library ({@link ServiceLoader}), so this
 * package depends on none of them.
 */
@Internal
public final class WasmEngines {
    /** The engine of a manifest that names none. */
    public static final String DEFAULT = VmConfig.ENGINE_CHICORY;

    /** Host module of the WASI preview 1 functions. */
    public static final String WASI_MODULE = "wasi_snapshot_preview1";

    private WasmEngines() {
        // no instances
    }

    /** The engines by name, found once; the class loader is this library's (Flink's user code loader in a job). */
    private static final class Registered {
        static final Map<String, WasmEngine> ENGINES = load();

        private static Map<String, WasmEngine> load() {
            Map<String, WasmEngine> engines = new LinkedHashMap<>();
            for (WasmEngine.Provider p :
                    ServiceLoader.load(WasmEngine.Provider.class, WasmEngine.class.getClassLoader())) {
                WasmEngine engine = p.engine();
                engines.putIfAbsent(engine.name(), engine);
            }
            return Map.copyOf(engines);
        }
    }

    /** The names {@code vm_config.engine} accepts. */
    public static List<String> names() {
        return Registered.ENGINES.keySet().stream().sorted().toList();
    }

    /**
     * The engine with this name.
     *
     * @throws IllegalArgumentException naming the known engines when there is none of that name
     */
    public static WasmEngine get(String name) {
        WasmEngine engine = Registered.ENGINES.get(name);
        if (engine != null) {
            return engine;
        }
        List<String> names = names();
        throw new IllegalArgumentException("unknown engine '" + name + "'; "
                + (names.isEmpty()
                        ? "no engine is on the class path (META-INF/services/" + WasmEngine.Provider.class.getName()
                                + " is missing from the library's jar)"
                        : names.size() == 1
                                ? "the only engine is '" + names.get(0) + "'"
                                : "the engines are " + String.join(", ", names)));
    }

    /** Lower-case hex SHA-256 of the bytes: the identity of a module. */
    public static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
