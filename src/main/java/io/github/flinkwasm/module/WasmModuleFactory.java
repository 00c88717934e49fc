package io.github.flinkwasm.module;

import io.github.flinkwasm.plugin.PluginRegistry;
import java.util.Set;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.ModuleFactory;
import org.apache.flink.table.module.Module;

/** Creates the {@code wasm} module of {@code LOAD MODULE wasm WITH ('plugins' = ...)}. */
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
        // asynchronous functions exist in streaming mode only; the mode is fixed when the table
        // environment is created, before any LOAD MODULE
        boolean streaming =
                context.getConfiguration().get(ExecutionOptions.RUNTIME_MODE) == RuntimeExecutionMode.STREAMING;
        return new WasmPluginModule(PluginRegistry.load(helper.getOptions().get(WasmModuleOptions.PLUGINS)), streaming);
    }
}
