package io.github.flinkwasm.manifest;

import io.github.flinkwasm.Records;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;

/**
 * WASI grants of a plugin ({@code vm_config.wasi}). Off by default; when on, the guest sees no
 * files, sockets, environment or arguments beyond what these keys grant.
 *
 * @param enabled whether the module is linked against WASI preview 1 at all
 * @param env environment variables the guest sees (never the host's)
 * @param args command-line arguments the guest sees
 * @param preopens guest path to host folder, read-only
 * @param deterministic a fixed clock (the epoch) and a seeded random source, for replayable jobs
 */
@PublicEvolving
public record WasiConfig(
        boolean enabled,
        Map<String, String> env,
        List<String> args,
        Map<String, String> preopens,
        boolean deterministic)
        implements Serializable {

    public static final WasiConfig DISABLED = new WasiConfig(false, Map.of(), List.of(), Map.of(), false);

    public WasiConfig {
        env = Map.copyOf(env);
        args = List.copyOf(args);
        preopens = Map.copyOf(preopens);
    }

    /** These grants with other preopened folders. */
    public WasiConfig withPreopens(Map<String, String> other) {
        return new WasiConfig(enabled, env, args, other, deterministic);
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
