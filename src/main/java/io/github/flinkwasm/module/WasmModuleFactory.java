package io.github.flinkwasm.module;

import io.github.flinkwasm.plugin.PluginRegistry;
import java.util.Set;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.ModuleFactory;
import org.apache.flink.table.module.Module;

/** Creates the {@code wasm} module of {@code LOAD MODULE wasm WITH ('plugins' = ...)}. */
@PublicEvolving
public final class WasmModuleFactory implements ModuleFactory {
    public static final String IDENTIFIER = "wasm";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return WasmModuleOptions.REQUIRED;
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return WasmModuleOptions.OPTIONAL;
    }

    @Override
    public Module createModule(Context context) {
        FactoryUtil.ModuleFactoryHelper helper = FactoryUtil.createModuleFactoryHelper(this, context);
        helper.validate();
        return new WasmPluginModule(PluginRegistry.load(helper.getOptions().get(WasmModuleOptions.PLUGINS)));
    }
}
