package io.github.flinkwasm.module;

import io.github.flinkwasm.PluginException;
import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.annotation.Internal;

/**
 * Plugin functions named like Flink built-in functions, and what {@code LOAD MODULE} does with
 * them. Flink resolves a function name through the modules in order; {@code LOAD MODULE} appends
 * {@code wasm} after {@code core}, where SQL would call the built-in instead of the plugin's
 * function without a word. So {@code LOAD MODULE} refuses such a plugin, unless {@code
 * 'override-built-ins' = 'true'} asks for the plugin's functions to take over once the module
 * comes first ({@code USE MODULES wasm, core}). A few names Flink resolves itself in any order
 * ({@link #UNREACHABLE}); those are refused either way.
 */
@Internal
public final class BuiltInNames {
    /**
     * Built-in names a module cannot take over even when it comes first: SQL syntax ({@code TRIM},
     * {@code SUBSTRING}, {@code CAST}, {@code POSITION}...), the aggregate functions, the
     * constructors and operators. Found by BuiltInNamesITCase, which checks every name of Flink's
     * core module against a plugin in front of it.
     */
    public static final Set<String> UNREACHABLE = Set.of(
            "and",
            "array_agg",
            "as",
            "at",
            "avg",
            "between",
            "cast",
            "ceil",
            "collect",
            "count",
            "default",
            "distinct",
            "end",
            "equals",
            "extract",
            "first_value",
            "floor",
            "get",
            "in",
            "json_array",
            "json_arrayagg_absent_on_null",
            "json_arrayagg_null_on_null",
            "json_exists",
            "json_object",
            "json_objectagg_absent_on_null",
            "json_objectagg_null_on_null",
            "json_query",
            "json_value",
            "last_value",
            "like",
            "listagg",
            "max",
            "min",
            "minus",
            "not",
            "or",
            "over",
            "overlay",
            "position",
            "row",
            "similar",
            "start",
            "substring",
            "sum",
            "timestampdiff",
            "trim",
            "try_cast");

    private BuiltInNames() {
        // no instances
    }

    /**
     * Refuses the plugins of a {@code LOAD MODULE} whose functions SQL would not call: every
     * built-in name without {@code override-built-ins}, the {@link #UNREACHABLE} ones with it.
     *
     * @throws PluginException naming each function, its manifest and what to do
     */
    static void check(PluginRegistry registry, boolean overrideBuiltIns) {
        List<PluginException> problems = new ArrayList<>();
        for (Plugin plugin : registry.plugins()) {
            List<FunctionSignature> shadowed = WasmPluginModule.shadowedByBuiltIns(plugin);
            for (FunctionSignature f : shadowed) {
                boolean unreachable = UNREACHABLE.contains(f.name());
                if (overrideBuiltIns && !unreachable) {
                    continue;
                }
                int index = plugin.functions().indexOf(f);
                problems.add(new PluginException(
                        plugin.manifest().source(), "functions[" + index + "]", refusal(plugin, f, unreachable)));
            }
        }
        if (!problems.isEmpty()) {
            throw PluginException.of(problems);
        }
    }

    private static String refusal(Plugin plugin, FunctionSignature f, boolean unreachable) {
        String rename = "give it another SQL name in the manifest ({\"name\": \"" + plugin.name() + "_" + f.name()
                + "\", \"export\": \"" + f.export() + "\", ...})";
        if (unreachable) {
            return "function '" + f.name() + "' has the name of Flink's built-in "
                    + f.name().toUpperCase(java.util.Locale.ROOT)
                    + ", which SQL resolves itself in any module order, so SQL would never call the plugin's; "
                    + rename;
        }
        return "function '" + f.name() + "' has the name of Flink's built-in "
                + f.name().toUpperCase(java.util.Locale.ROOT) + ": after LOAD MODULE the core module comes first and "
                + "SQL would call the built-in instead; " + rename + ", or load with 'override-built-ins' = 'true' "
                + "and run USE MODULES wasm, core to call the plugin's";
    }
}
