package io.github.flinkwasm.cli;

import io.github.flinkwasm.PluginException;
import io.github.flinkwasm.module.WasmPluginModule;
import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.plugin.PluginRegistry;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code validate MANIFEST...}: loads every manifest (folders stand for the manifests in them) with
 * every load-time check, then checks that plugin and function names do not clash, as {@code LOAD
 * MODULE} would. Prints {@code OK <file>: ...} or one line per problem; never a stack trace.
 */
final class ValidateCommand {
    static final String USAGE = "validate MANIFEST|FOLDER...";

    private ValidateCommand() {
        // no instances
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            throw new Main.UsageException("validate needs at least one manifest or folder", USAGE);
        }
        int problems = 0;
        PluginRegistry together = new PluginRegistry();
        for (String location : args) {
            List<String> manifests;
            try {
                manifests = PluginRegistry.manifests(location);
            } catch (RuntimeException e) {
                err.println(problem(location, e));
                problems++;
                continue;
            }
            for (String manifest : manifests) {
                Plugin plugin;
                try {
                    plugin = PluginLoader.load(manifest);
                } catch (RuntimeException e) {
                    err.println(problem(manifest, e));
                    problems += e instanceof PluginException
                            ? ((PluginException) e).problems().size()
                            : 1;
                    continue;
                }
                int n = plugin.functions().size();
                out.println("OK " + manifest + ": plugin '" + plugin.name() + "', " + n
                        + (n == 1 ? " function" : " functions") + kinds(plugin));
                for (FunctionSignature f : WasmPluginModule.shadowedByBuiltIns(plugin)) {
                    out.println("  note: " + WasmPluginModule.shadowedMessage(f));
                }
                try {
                    together.add(plugin);
                } catch (RuntimeException e) {
                    err.println(problem(manifest, e));
                    problems++;
                }
            }
        }
        return problems == 0 ? 0 : 1;
    }

    /** How many functions of each kind but scalar, such as " (1 table, 2 aggregate)"; empty when all are scalar. */
    static String kinds(Plugin plugin) {
        java.util.Map<io.github.flinkwasm.manifest.FunctionKind, Integer> counts =
                new java.util.EnumMap<>(io.github.flinkwasm.manifest.FunctionKind.class);
        plugin.functions().forEach(f -> counts.merge(f.kind(), 1, Integer::sum));
        if (counts.keySet().stream().allMatch(k -> k == io.github.flinkwasm.manifest.FunctionKind.SCALAR)) {
            return "";
        }
        java.util.List<String> parts = new java.util.ArrayList<>();
        counts.forEach((k, c) -> parts.add(c + " " + k.jsonName()));
        return " (" + String.join(", ", parts) + ")";
    }

    /**
     * {@code <file>: <json path>: <what was expected>}, the form of {@link PluginException}: one
     * line per problem when the manifest has several.
     */
    private static String problem(String location, RuntimeException e) {
        if (e instanceof PluginException) {
            StringBuilder sb = new StringBuilder();
            for (PluginException p : ((PluginException) e).problems()) {
                sb.append(sb.length() == 0 ? "" : System.lineSeparator())
                        .append(p.getMessage().replaceAll("\\s*\\R\\s*", " "));
            }
            return sb.toString();
        }
        return location + ": " + Errors.oneLine(e);
    }
}
