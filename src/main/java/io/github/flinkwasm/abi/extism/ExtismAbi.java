package io.github.flinkwasm.abi.extism;

import io.github.flinkwasm.engine.ModuleInfo;
import io.github.flinkwasm.engine.WasmSignature;
import io.github.flinkwasm.engine.WasmType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.annotation.Internal;

/**
 * What the Extism plugin ABI looks like from outside: the host functions of {@value #MODULE} this
 * library provides, with their types, and how to tell an Extism plugin and its functions apart.
 */
@Internal
public final class ExtismAbi {
    /** The import module of Extism's host functions. */
    public static final String MODULE = "extism:host/env";
    /** The import module of host functions an application defines for its plugins; none here. */
    public static final String USER_MODULE = "extism:host/user";

    private static final WasmType I32 = WasmType.I32;
    private static final WasmType I64 = WasmType.I64;

    /** Every function of {@value #MODULE} the host provides, by name, with its type. */
    public static final Map<String, WasmSignature> FUNCTIONS = functions();

    /** Exports that start a guest's runtime rather than being plugin functions. */
    public static final Set<String> START_EXPORTS =
            Set.of("_initialize", "__wasm_call_ctors", "hs_init", "_start", "hs_exit");

    private ExtismAbi() {
        // no instances
    }

    /** True when the module imports from {@value #MODULE}: it was built with an Extism PDK. */
    public static boolean isExtismPlugin(ModuleInfo info) {
        return info.imports().stream().anyMatch(i -> i.module().equals(MODULE));
    }

    /** True when an export of this type can be called as a plugin function. */
    public static boolean isPluginFunction(WasmSignature sig) {
        return sig.params().isEmpty()
                && (sig.results().isEmpty()
                        || (sig.results().size() == 1 && sig.results().get(0) == I32));
    }

    /**
     * The exports that look like plugin functions ({@code () -> i32}, or {@code () -> ()}), less
     * the start conventions of guest runtimes.
     */
    public static List<String> pluginFunctions(ModuleInfo info) {
        List<String> out = new ArrayList<>();
        info.functionExports().forEach((name, sig) -> {
            if (isPluginFunction(sig) && !START_EXPORTS.contains(name) && !name.startsWith("__")) {
                out.add(name);
            }
        });
        return Collections.unmodifiableList(out);
    }

    private static Map<String, WasmSignature> functions() {
        Map<String, WasmSignature> f = new LinkedHashMap<>();
        // the memory Extism's kernel manages
        f.put("alloc", sig(List.of(I64), List.of(I64)));
        f.put("free", sig(List.of(I64), List.of()));
        f.put("length", sig(List.of(I64), List.of(I64)));
        f.put("length_unsafe", sig(List.of(I64), List.of(I64)));
        f.put("load_u8", sig(List.of(I64), List.of(I32)));
        f.put("load_u64", sig(List.of(I64), List.of(I64)));
        f.put("store_u8", sig(List.of(I64, I32), List.of()));
        f.put("store_u64", sig(List.of(I64, I64), List.of()));
        f.put("memory_bytes", sig(List.of(), List.of(I64)));
        f.put("reset", sig(List.of(), List.of()));
        // input, output and error
        f.put("input_length", sig(List.of(), List.of(I64)));
        f.put("input_load_u8", sig(List.of(I64), List.of(I32)));
        f.put("input_load_u64", sig(List.of(I64), List.of(I64)));
        f.put("input_offset", sig(List.of(), List.of(I64)));
        f.put("input_set", sig(List.of(I64, I64), List.of()));
        f.put("output_set", sig(List.of(I64, I64), List.of()));
        f.put("output_length", sig(List.of(), List.of(I64)));
        f.put("output_offset", sig(List.of(), List.of(I64)));
        f.put("error_set", sig(List.of(I64), List.of()));
        f.put("error_get", sig(List.of(), List.of(I64)));
        // the host's services
        f.put("config_get", sig(List.of(I64), List.of(I64)));
        f.put("var_get", sig(List.of(I64), List.of(I64)));
        f.put("var_set", sig(List.of(I64, I64), List.of()));
        f.put("http_request", sig(List.of(I64, I64), List.of(I64)));
        f.put("http_status_code", sig(List.of(), List.of(I32)));
        f.put("http_headers", sig(List.of(), List.of(I64)));
        f.put("log_trace", sig(List.of(I64), List.of()));
        f.put("log_debug", sig(List.of(I64), List.of()));
        f.put("log_info", sig(List.of(I64), List.of()));
        f.put("log_warn", sig(List.of(I64), List.of()));
        f.put("log_error", sig(List.of(I64), List.of()));
        f.put("get_log_level", sig(List.of(), List.of(I32)));
        return Collections.unmodifiableMap(f);
    }

    private static WasmSignature sig(List<WasmType> params, List<WasmType> results) {
        return WasmSignature.of(params, results);
    }
}
