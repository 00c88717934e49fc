package io.github.flinkwasm.module;

import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginRegistry;
import io.github.flinkwasm.table.WasmScalarFunction;

import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.module.Module;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Flink {@link Module} that exposes every function of every plugin of a registry as a system
 * function ({@code LOAD MODULE wasm WITH ('plugins' = ...)}). Flink looks names up on every
 * resolution, so the function objects are made once.
 */
public final class WasmPluginModule implements Module {
    private final Map<String, FunctionDefinition> functions = new LinkedHashMap<>();

    public WasmPluginModule(PluginRegistry registry) {
        for (Plugin plugin : registry.plugins()) {
            for (String name : plugin.functionNames()) {
                functions.put(name, new WasmScalarFunction(plugin, name));
            }
        }
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
