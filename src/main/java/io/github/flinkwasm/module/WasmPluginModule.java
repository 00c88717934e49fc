package io.github.flinkwasm.module;

import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginRegistry;
import io.github.flinkwasm.table.WasmAggregateFunction;
import io.github.flinkwasm.table.WasmProcessTableFunction;
import io.github.flinkwasm.table.WasmScalarFunction;
import io.github.flinkwasm.table.WasmTableFunction;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.module.CoreModule;
import org.apache.flink.table.module.Module;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink {@link Module} that exposes every function of every plugin of a registry as a system
 * function ({@code LOAD MODULE wasm WITH ('plugins' = ...)}). Flink looks names up on every
 * resolution, so the function objects are made once.
 */
@PublicEvolving
public final class WasmPluginModule implements Module {
    private static final Logger LOG = LoggerFactory.getLogger(WasmPluginModule.class);
    private final Map<String, FunctionDefinition> functions = new LinkedHashMap<>();

    /**
     * Every function becomes a synchronous {@link WasmScalarFunction}, whatever the manifest's
     * {@code instance_num}: one instance per parallel subtask. No manifest selects Flink's
     * asynchronous calls: Flink 2.3.0 replaces NULL by a default value in every column an
     * asynchronous calc passes through, and a function cannot see the plan it is called in (README,
     * "Performance"). {@link io.github.flinkwasm.table.WasmAsyncScalarFunction} is the explicit,
     * code-only way to a pool.
     */
    public WasmPluginModule(PluginRegistry registry) {
        for (Plugin plugin : registry.plugins()) {
            for (FunctionSignature f : plugin.functions()) {
                FunctionDefinition definition = definition(plugin, f);
                if (definition != null) {
                    functions.put(f.name(), definition);
                }
            }
            for (FunctionSignature f : shadowedByBuiltIns(plugin)) {
                LOG.warn(
                        "Plugin '{}' ({}): {}", plugin.name(), plugin.manifest().source(), shadowedMessage(f));
            }
        }
    }

    /** The Flink function of a plugin function, by its kind. */
    private static FunctionDefinition definition(Plugin plugin, FunctionSignature f) {
        switch (f.kind()) {
            case TABLE:
                return new WasmTableFunction(plugin, f.name());
            case AGGREGATE:
                return WasmAggregateFunction.of(plugin, f.name());
            case SCALAR:
                return new WasmScalarFunction(plugin, f.name());
            case PROCESS:
                return new WasmProcessTableFunction(plugin, f.name());
            default:
                throw new IllegalStateException("unknown function kind " + f.kind());
        }
    }

    /**
     * The functions of a plugin named like a Flink built-in function: SQL resolves the built-in
     * first, so they can be called from the Table API only.
     */
    public static List<FunctionSignature> shadowedByBuiltIns(Plugin plugin) {
        Set<String> builtIns = new HashSet<>();
        CoreModule.INSTANCE.listFunctions().forEach(f -> builtIns.add(f.toLowerCase(Locale.ROOT)));
        return plugin.functions().stream()
                .filter(f -> builtIns.contains(f.name()))
                .toList();
    }

    /** What to do about a function that {@link #shadowedByBuiltIns} found. */
    public static String shadowedMessage(FunctionSignature f) {
        return "function '" + f.name() + "' has the name of a Flink built-in function, which SQL resolves "
                + "first; give it another SQL name in the manifest ({\"name\": \"...\", \"export\": \""
                + f.export() + "\"}) to call it from SQL";
    }

    @Override
    public Set<String> listFunctions() {
        return functions.keySet();
    }

    @Override
    public Optional<FunctionDefinition> getFunctionDefinition(String name) {
        return Optional.ofNullable(functions.get(name.toLowerCase(Locale.ROOT)));
    }
}
