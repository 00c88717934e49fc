package io.github.flinkwasm.abi.extism;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.flinkwasm.GuestExitException;
import io.github.flinkwasm.GuestInterruptedException;
import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.engine.GuestFunction;
import io.github.flinkwasm.engine.HostFunction;
import io.github.flinkwasm.engine.ModuleInfo;
import io.github.flinkwasm.engine.WasmInstance;
import io.github.flinkwasm.engine.WasmSignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host side of the Extism ABI for one plugin instance: the functions of {@value
 * ExtismAbi#MODULE} over an {@link ExtismKernel}, the plugin's config and vars, and the protocol of
 * one call (input in, export called, error or output out). Engine-neutral: it hands the engine
 * {@link HostFunction}s and calls the plugin through {@link GuestFunction}.
 *
 * <p>Semantics follow Extism's own hosts: every call starts from an empty kernel; a host function
 * that takes a block ({@code config_get}, {@code var_*}, {@code log_*}) frees it; config and var
 * values come back as new blocks; vars live as long as this host (one instance). {@code
 * http_request} is refused. Log lines go to the guest logger, at most {@link LogLimiter#LINES} a
 * second.
 *
 * <p>Not thread-safe: one per instance, driven by one thread.
 */
@Internal
public final class ExtismHost {
    /** The library's logger for what guests write (the same one as {@code flink_wasm.log}). */
    static final Logger GUEST_LOG = LoggerFactory.getLogger("io.github.flinkwasm.guest");
    /** Vars of one instance take at most this many bytes (keys and values), as in Extism. */
    public static final int MAX_VAR_BYTES = 1 << 20;

    private static final int MAX_MESSAGE_CHARS = 2000;
    private static final long[] NO_ARGS = new long[0];
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String pluginName;
    private final Map<String, String> config;
    private final ExtismKernel kernel;
    private final Map<String, byte[]> vars = new HashMap<>();
    private final LogLimiter logLimiter = new LogLimiter();
    private final long[] one = new long[1];
    private int varBytes;
    private String currentFunction = "-";

    /**
     * @param pluginName named in log lines and errors
     * @param config what {@code config_get} returns
     * @param maxKernelBytes cap of the kernel's memory
     */
    public ExtismHost(String pluginName, Map<String, String> config, long maxKernelBytes) {
        this.pluginName = pluginName;
        this.config = Map.copyOf(config);
        this.kernel = new ExtismKernel(maxKernelBytes);
    }

    /** The kernel, for tests. */
    public ExtismKernel kernel() {
        return kernel;
    }

    /** Names the SQL function being called, in log lines and errors. */
    public void currentFunction(String sqlName) {
        currentFunction = sqlName;
    }

    // ---- the call protocol

    /**
     * Completes the start conventions of guest runtimes once an instance exists, as Extism does.
     * The engine has run the start section and a reactor's {@code _initialize} already (SPEC
     * section 3); what remains: Haskell's {@code hs_init}, or {@code __wasm_call_ctors} of a module
     * that exports it without {@code _initialize} (which runs the constructors itself). A command's
     * {@code _start} is never run, as in Extism's hosts.
     */
    public static void initialize(WasmInstance instance, ModuleInfo info) {
        Map<String, WasmSignature> exports = info.functionExports();
        if (exports.containsKey("hs_init")) {
            // hs_init(argc, argv) with no arguments
            instance.function("hs_init")
                    .call(new long[exports.get("hs_init").params().size()]);
        } else if (isNullary(exports.get("__wasm_call_ctors")) && !exports.containsKey("_initialize")) {
            instance.function("__wasm_call_ctors").call(NO_ARGS);
        }
    }

    private static boolean isNullary(WasmSignature s) {
        return s != null && s.params().isEmpty() && s.results().isEmpty();
    }

    /**
     * Calls a plugin function with this input.
     *
     * @return the output the plugin set, empty when it set none
     * @throws ExtismPluginException when the plugin set an error or returned a non-zero code
     * @throws WasmCallException when it exited with a non-zero code or trapped
     */
    public byte[] call(GuestFunction function, byte[] input) {
        kernel.reset();
        kernel.setInput(input);
        long[] results;
        try {
            results = function.call(NO_ARGS);
        } catch (GuestInterruptedException e) {
            throw e;
        } catch (GuestExitException e) {
            byte[] error = kernel.errorMessage();
            if (error != null) {
                throw pluginError(error, "exit code " + e.exitCode());
            }
            if (e.exitCode() != 0) {
                throw new WasmCallException(
                        "the plugin exited with code " + e.exitCode() + " (WASI proc_exit) without an error message",
                        e);
            }
            return kernel.output(); // proc_exit(0): a normal end
        } catch (WasmCallException e) {
            byte[] error = kernel.errorMessage();
            if (error != null) {
                throw new WasmCallException(
                        "the plugin reported an error: " + text(error) + "; then it failed: " + e.getMessage(), e);
            }
            throw e;
        }
        int rc = results == null || results.length == 0 ? 0 : (int) results[0];
        byte[] error = kernel.errorMessage();
        if (error != null) {
            throw pluginError(error, rc == 0 ? null : "return code " + rc);
        }
        if (rc != 0) {
            throw new ExtismPluginException(
                    "the plugin returned " + rc + " (not 0: a failure) without an error message");
        }
        return kernel.output();
    }

    private static WasmCallException pluginError(byte[] message, String code) {
        return new ExtismPluginException(
                "the plugin reported an error" + (code == null ? "" : " (" + code + ")") + ": " + text(message));
    }

    private static String text(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        return s.length() > MAX_MESSAGE_CHARS ? s.substring(0, MAX_MESSAGE_CHARS) + "...(" + s.length() + " chars)" : s;
    }

    // ---- the host functions

    /** The functions of {@value ExtismAbi#MODULE}, bound to this host, for the instance's options. */
    public List<HostFunction> functions() {
        Map<String, HostFunction.Handler> h = new HashMap<>();
        ExtismKernel k = kernel;
        h.put("alloc", (m, a) -> ret(k.alloc(a[0])));
        h.put("free", (m, a) -> {
            k.free(a[0]);
            return null;
        });
        h.put("length", (m, a) -> ret(k.length(a[0])));
        h.put("length_unsafe", (m, a) -> ret(k.length(a[0])));
        h.put("load_u8", (m, a) -> ret(k.loadU8(a[0])));
        h.put("load_u64", (m, a) -> ret(k.loadU64(a[0])));
        h.put("store_u8", (m, a) -> {
            k.storeU8(a[0], (int) a[1]);
            return null;
        });
        h.put("store_u64", (m, a) -> {
            k.storeU64(a[0], a[1]);
            return null;
        });
        h.put("memory_bytes", (m, a) -> ret(k.memoryBytes()));
        h.put("reset", (m, a) -> {
            k.reset();
            return null;
        });
        h.put("input_length", (m, a) -> ret(k.inputLength()));
        h.put("input_load_u8", (m, a) -> ret(k.inputLoadU8(a[0])));
        h.put("input_load_u64", (m, a) -> ret(k.inputLoadU64(a[0])));
        h.put("input_offset", (m, a) -> ret(k.inputOffset()));
        h.put("input_set", (m, a) -> {
            k.setInput(a[0], a[1]);
            return null;
        });
        h.put("output_set", (m, a) -> {
            k.setOutput(a[0], a[1]);
            return null;
        });
        h.put("output_length", (m, a) -> ret(k.outputLength()));
        h.put("output_offset", (m, a) -> ret(k.outputOffset()));
        h.put("error_set", (m, a) -> {
            k.setError(a[0]);
            return null;
        });
        h.put("error_get", (m, a) -> ret(k.error()));
        h.put("config_get", (m, a) -> ret(configGet(a[0])));
        h.put("var_get", (m, a) -> ret(varGet(a[0])));
        h.put("var_set", (m, a) -> {
            varSet(a[0], a[1]);
            return null;
        });
        h.put("http_request", (m, a) -> {
            throw httpRefused(a[0]);
        });
        h.put("http_status_code", (m, a) -> ret(0)); // no request was ever made
        h.put("http_headers", (m, a) -> ret(0));
        h.put("log_trace", (m, a) -> log(0, a[0]));
        h.put("log_debug", (m, a) -> log(1, a[0]));
        h.put("log_info", (m, a) -> log(2, a[0]));
        h.put("log_warn", (m, a) -> log(3, a[0]));
        h.put("log_error", (m, a) -> log(4, a[0]));
        h.put("get_log_level", (m, a) -> ret(logLevel()));
        List<HostFunction> out = new ArrayList<>();
        ExtismAbi.FUNCTIONS.forEach((name, sig) ->
                out.add(new HostFunction(ExtismAbi.MODULE, name, sig.params(), sig.results(), h.get(name))));
        return out;
    }

    private long[] ret(long value) {
        one[0] = value;
        return one;
    }

    /** The bytes of the block a host function was handed, which it then frees; null for offset 0. */
    private byte[] take(String function, String what, long offset) {
        if (offset == 0) {
            return null;
        }
        byte[] bytes = kernel.bytes(offset);
        if (bytes == null) {
            throw new WasmCallException("extism:host/env." + function + " got " + what + " at offset "
                    + Long.toUnsignedString(offset) + ", which is not the start of a block from alloc");
        }
        kernel.free(offset);
        return bytes;
    }

    private long configGet(long keyOffset) {
        byte[] key = take("config_get", "a key", keyOffset);
        if (key == null) {
            return 0;
        }
        String value = config.get(new String(key, StandardCharsets.UTF_8));
        return value == null ? 0 : kernel.store(value.getBytes(StandardCharsets.UTF_8));
    }

    private long varGet(long keyOffset) {
        byte[] key = take("var_get", "a key", keyOffset);
        if (key == null) {
            return 0;
        }
        byte[] value = vars.get(new String(key, StandardCharsets.UTF_8));
        return value == null ? 0 : kernel.store(value);
    }

    private void varSet(long keyOffset, long valueOffset) {
        byte[] keyBytes = take("var_set", "a key", keyOffset);
        if (keyBytes == null) {
            throw new WasmCallException("extism:host/env.var_set got no key (offset 0)");
        }
        String key = new String(keyBytes, StandardCharsets.UTF_8);
        byte[] value = take("var_set", "a value", valueOffset);
        byte[] old = value == null ? vars.remove(key) : vars.get(key);
        int freed = old == null ? 0 : keyBytes.length + old.length;
        if (value == null) {
            varBytes -= freed;
            return;
        }
        int total = varBytes - freed + keyBytes.length + value.length;
        if (total > MAX_VAR_BYTES) {
            throw new WasmCallException("extism:host/env.var_set('" + shorten(key) + "', " + value.length
                    + " bytes): the plugin's vars would take " + total + " bytes, above the limit of "
                    + MAX_VAR_BYTES + " bytes");
        }
        vars.put(key, value);
        varBytes = total;
    }

    private WasmCallException httpRefused(long requestOffset) {
        String target = "";
        byte[] request = requestOffset == 0 ? null : kernel.bytes(requestOffset);
        if (request != null) {
            try {
                JsonNode r = JSON.readTree(request);
                if (r != null && r.hasNonNull("url")) {
                    target = " to " + (r.hasNonNull("method") ? r.get("method").asText() + " " : "")
                            + shorten(r.get("url").asText());
                }
            } catch (IOException | RuntimeException e) {
                // the URL is only for the message
            }
        }
        return new WasmCallException("plugin '" + pluginName + "' function '" + currentFunction
                + "' made an HTTP request" + target + " (extism:host/env.http_request): flink-wasm refuses "
                + "network access to Extism plugins");
    }

    private long[] log(int level, long offset) {
        if (logLevel() > level) {
            if (offset != 0) {
                kernel.free(offset);
            }
            return null;
        }
        String[] names = {"log_trace", "log_debug", "log_info", "log_warn", "log_error"};
        byte[] bytes = take(names[level], "a message", offset);
        long dropped = logLimiter.admit(System.nanoTime());
        if (bytes == null || dropped < 0) {
            return null;
        }
        String line = text(bytes);
        String more = dropped == 0
                ? ""
                : " (" + dropped + " earlier lines dropped: at most " + LogLimiter.LINES + " a second)";
        switch (level) {
            case 0:
                GUEST_LOG.trace("[{}.{}] {}{}", pluginName, currentFunction, line, more);
                break;
            case 1:
                GUEST_LOG.debug("[{}.{}] {}{}", pluginName, currentFunction, line, more);
                break;
            case 2:
                GUEST_LOG.info("[{}.{}] {}{}", pluginName, currentFunction, line, more);
                break;
            case 3:
                GUEST_LOG.warn("[{}.{}] {}{}", pluginName, currentFunction, line, more);
                break;
            default:
                GUEST_LOG.error("[{}.{}] {}{}", pluginName, currentFunction, line, more);
        }
        return null;
    }

    /** The lowest level the guest logger writes: 0 trace .. 4 error, {@code Integer.MAX_VALUE} for none. */
    private static int logLevel() {
        if (GUEST_LOG.isTraceEnabled()) {
            return 0;
        } else if (GUEST_LOG.isDebugEnabled()) {
            return 1;
        } else if (GUEST_LOG.isInfoEnabled()) {
            return 2;
        } else if (GUEST_LOG.isWarnEnabled()) {
            return 3;
        } else if (GUEST_LOG.isErrorEnabled()) {
            return 4;
        }
        return Integer.MAX_VALUE;
    }

    private static String shorten(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
