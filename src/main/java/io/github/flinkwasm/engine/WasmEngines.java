package io.github.flinkwasm.engine;

import io.github.flinkwasm.engine.chicory.ChicoryEngine;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.apache.flink.annotation.Internal;

/** The engines {@code vm_config.engine} can name, and what every engine shares. */
@Internal
public final class WasmEngines {
    /** The engine of a manifest that names none. */
    public static final String DEFAULT = ChicoryEngine.NAME;

    /** Host module of the WASI preview 1 functions. */
    public static final String WASI_MODULE = "wasi_snapshot_preview1";

    private WasmEngines() {
        // no instances
    }

    /** The names {@code vm_config.engine} accepts. */
    public static List<String> names() {
        return List.of(ChicoryEngine.NAME);
    }

    /**
     * The engine with this name.
     *
     * @throws IllegalArgumentException naming the known engines when there is none of that name
     */
    public static WasmEngine get(String name) {
        if (ChicoryEngine.NAME.equals(name)) {
            return ChicoryEngine.INSTANCE;
        }
        List<String> names = names();
        throw new IllegalArgumentException("unknown engine '" + name + "'; "
                + (names.size() == 1
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
