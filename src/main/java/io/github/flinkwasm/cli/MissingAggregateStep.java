package io.github.flinkwasm.cli;

import io.github.flinkwasm.manifest.FunctionKind;
import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginRegistry;
import io.github.flinkwasm.table.WasmAggregateFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Explains the planner's error for a query that needs a step an aggregate's plugin does not export.
 * Flink plans {@code retract} and {@code merge} by looking for Java methods, so its message names
 * the method and {@link WasmAggregateFunction}'s class; no hook of a function runs when the planner
 * decides that a query needs them. The session knows the plugins it loaded, so it names the plugin,
 * its manifest, the function, the missing export and why the query needs it.
 */
final class MissingAggregateStep {
    private static final Pattern FLINK = Pattern.compile("Could not find an implementation method '(retract|merge)'"
            + " in class '" + Pattern.quote(WasmAggregateFunction.class.getName()) + "[^']*' for function '([^']+)'");

    /** The {@code plugins} option of each {@code LOAD MODULE wasm} of the session. */
    private final List<String> locations = new ArrayList<>();

    void loaded(String pluginLocations) {
        locations.add(pluginLocations);
    }

    /** The explanation of {@code e}, when it is the planner's error for a missing step of a plugin's aggregate. */
    Optional<CliException> explain(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            Matcher m = t.getMessage() == null ? null : FLINK.matcher(t.getMessage());
            if (m != null && m.find()) {
                String name = m.group(2).replace("`", "");
                name = name.substring(name.lastIndexOf('.') + 1);
                return explain(m.group(1), name, e);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    private Optional<CliException> explain(String step, String functionName, RuntimeException e) {
        for (String location : locations) {
            Plugin plugin;
            try {
                plugin = PluginRegistry.load(location).pluginOf(functionName);
            } catch (RuntimeException notThere) {
                continue; // a plugin that no longer loads: keep Flink's message
            }
            if (plugin == null) {
                continue;
            }
            FunctionSignature sig = plugin.function(functionName);
            if (sig.kind() != FunctionKind.AGGREGATE || (step.equals("retract") ? sig.retract() : sig.merge())) {
                continue;
            }
            return Optional.of(new CliException(message(plugin, sig, step), e));
        }
        return Optional.empty();
    }

    static String message(Plugin plugin, FunctionSignature sig, String step) {
        String why = step.equals("retract")
                ? "its input is updating, so rows must be taken back out of the accumulator (an aggregate over"
                        + " another GROUP BY, a join or an OVER window with a bounded range)"
                : "it merges accumulators (a session window, or two-phase local/global aggregation)";
        return "plugin '" + plugin.name() + "' (" + plugin.manifest().source() + ") aggregate function '"
                + sig.name() + "' has no export '" + sig.exportOf(step) + "' (E_" + step + "), which this query needs: "
                + why + "; export it from the module, or change the query";
    }
}
