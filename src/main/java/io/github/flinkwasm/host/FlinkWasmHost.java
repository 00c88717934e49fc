package io.github.flinkwasm.host;

import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.engine.GuestMemory;
import io.github.flinkwasm.engine.HostFunction;
import io.github.flinkwasm.engine.WasmSignature;
import io.github.flinkwasm.engine.WasmType;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host functions of module {@value #MODULE} (SPEC section 3): {@code log(level, ptr, len)} and
 * {@code config_get(key_ptr, key_len) -> i64}. One per invoker, since log lines name the function
 * being called; the functions work on whichever instance calls them.
 */
@Internal
public final class FlinkWasmHost {
    public static final String MODULE = "flink_wasm";
    static final Logger GUEST_LOG = LoggerFactory.getLogger("io.github.flinkwasm.guest");

    private static final List<WasmType> LOG_PARAMS = List.of(WasmType.I32, WasmType.I32, WasmType.I32);
    private static final List<WasmType> CONFIG_GET_PARAMS = List.of(WasmType.I32, WasmType.I32);
    private static final List<WasmType> CONFIG_GET_RESULTS = List.of(WasmType.I64);

    private final String pluginName;
    private final Map<String, String> config;
    private final List<HostFunction> functions;
    private String currentFunction = "-";
    /** The running process call's host, or null outside one. */
    private ProcessHost process;

    // the imports of process functions (SPEC section 7), valid only while one runs
    private static final List<WasmType> I32_I32 = List.of(WasmType.I32, WasmType.I32);
    private static final List<WasmType> I64 = List.of(WasmType.I64);
    private static final Map<String, WasmSignature> PROCESS = Map.of(
            "emit", WasmSignature.of(I32_I32, List.of()),
            "timer_set", WasmSignature.of(I64, List.of()),
            "timer_delete", WasmSignature.of(I64, List.of()),
            "watermark", WasmSignature.of(List.of(), I64),
            "time", WasmSignature.of(List.of(), I64));

    public FlinkWasmHost(String pluginName, Map<String, String> config) {
        this.pluginName = pluginName;
        this.config = Map.copyOf(config);
        this.functions = List.of(
                new HostFunction(MODULE, "log", LOG_PARAMS, List.of(), this::log),
                new HostFunction(MODULE, "config_get", CONFIG_GET_PARAMS, CONFIG_GET_RESULTS, this::configGet),
                process("emit", (m, a) -> {
                    process("emit").emit(m.read((int) a[0], (int) a[1]));
                    return null;
                }),
                process("timer_set", (m, a) -> {
                    process("timer_set").timerSet(a[0]);
                    return null;
                }),
                process("timer_delete", (m, a) -> {
                    process("timer_delete").timerDelete(a[0]);
                    return null;
                }),
                process("watermark", (m, a) -> new long[] {process("watermark").watermark()}),
                process("time", (m, a) -> new long[] {process("time").time()}));
    }

    private static HostFunction process(String name, HostFunction.Handler handler) {
        WasmSignature t = PROCESS.get(name);
        return new HostFunction(MODULE, name, t.params(), t.results(), handler);
    }

    /** Installs the host of the process imports for one call of a process function; null after it. */
    public void processHost(ProcessHost host) {
        process = host;
    }

    private ProcessHost process(String name) {
        ProcessHost h = process;
        if (h == null) {
            throw new WasmCallException("plugin '" + pluginName + "' function '" + currentFunction + "' called "
                    + MODULE + "." + name + " outside a call of a process function (it is valid only while E or "
                    + "E_on_timer of a function of kind 'process' runs)");
        }
        return h;
    }

    /** Signatures of every function of {@value #MODULE}, by {@code module.name}. */
    public static Map<String, WasmSignature> signatures() {
        Map<String, WasmSignature> out = new LinkedHashMap<>();
        out.put(MODULE + ".log", WasmSignature.of(LOG_PARAMS, List.of()));
        out.put(MODULE + ".config_get", WasmSignature.of(CONFIG_GET_PARAMS, CONFIG_GET_RESULTS));
        PROCESS.forEach((name, type) -> out.put(MODULE + "." + name, type));
        return out;
    }

    /** The functions, to pass in {@link io.github.flinkwasm.engine.InstanceOptions}. */
    public List<HostFunction> functions() {
        return functions;
    }

    /** Names the SQL function being called, for guest log lines. */
    public void currentFunction(String sqlName) {
        currentFunction = sqlName;
    }

    private long[] log(GuestMemory memory, long[] args) {
        int level = (int) args[0];
        String text = memory.readString((int) args[1], (int) args[2]);
        String fn = currentFunction;
        switch (level) {
            case 0 -> GUEST_LOG.trace("[{}.{}] {}", pluginName, fn, text);
            case 1 -> GUEST_LOG.debug("[{}.{}] {}", pluginName, fn, text);
            case 2 -> GUEST_LOG.info("[{}.{}] {}", pluginName, fn, text);
            case 3 -> GUEST_LOG.warn("[{}.{}] {}", pluginName, fn, text);
            default -> GUEST_LOG.error("[{}.{}] {}", pluginName, fn, text);
        }
        return null;
    }

    private long[] configGet(GuestMemory memory, long[] args) {
        String key = memory.readString((int) args[0], (int) args[1]);
        String value = config.get(key);
        if (value == null) {
            return new long[] {-1L};
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int ptr;
        try {
            ptr = memory.alloc(bytes.length);
        } catch (WasmCallException e) {
            throw new WasmCallException(
                    "config_get('" + key + "') needs the guest's export alloc(i32) -> i32 to return the value: "
                            + e.getMessage(),
                    e);
        }
        memory.write(ptr, bytes, 0, bytes.length);
        return new long[] {((long) ptr << 32) | (bytes.length & 0xFFFFFFFFL)};
    }
}
