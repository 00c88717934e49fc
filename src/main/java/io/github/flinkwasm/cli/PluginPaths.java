package io.github.flinkwasm.cli;

import io.github.flinkwasm.module.WasmModuleFactory;
import io.github.flinkwasm.module.WasmModuleOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.operations.LoadModuleOperation;

/**
 * Relative plugin paths of {@code LOAD MODULE wasm} in a script: looked up in the script's folder
 * first, then in the working directory, so a script finds plugins next to it from wherever it is
 * run, and scripts written for the working directory keep working.
 */
final class PluginPaths {
    private static final String URI = "^[a-zA-Z][a-zA-Z0-9+.-]+:.*";

    private PluginPaths() {
        // no instances
    }

    /**
     * The operation with each relative entry of {@code 'plugins'} found in the script's folder
     * made absolute; the same operation when nothing changed.
     *
     * @throws CliException when an entry exists in neither folder, naming both absolute paths
     */
    static LoadModuleOperation resolve(LoadModuleOperation load, Path scriptFolder) {
        String plugins = load.getOptions().get(WasmModuleOptions.PLUGINS.key());
        if (!load.getModuleName().equals(WasmModuleFactory.IDENTIFIER) || plugins == null) {
            return load;
        }
        List<String> out = new ArrayList<>();
        boolean changed = false;
        for (String raw : plugins.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty() || entry.matches(URI) || Path.of(entry).isAbsolute()) {
                out.add(entry);
                continue;
            }
            Path besideScript = scriptFolder.resolve(entry).normalize();
            Path inWorkingDir = Path.of(entry).toAbsolutePath().normalize();
            if (Files.exists(besideScript)) {
                out.add(besideScript.toString());
                changed |= !besideScript.equals(inWorkingDir);
            } else if (Files.exists(inWorkingDir)) {
                out.add(entry);
            } else {
                throw new CliException("plugin location '" + entry + "' not found: neither " + besideScript
                        + " (beside the script) nor " + inWorkingDir + " (in the working directory) exists");
            }
        }
        if (!changed) {
            return load;
        }
        Map<String, String> options = new LinkedHashMap<>(load.getOptions());
        options.put(WasmModuleOptions.PLUGINS.key(), String.join(",", out));
        return new LoadModuleOperation(load.getModuleName(), options);
    }

    /** The statement of a {@code LOAD MODULE} operation, for replaying it. */
    static String statement(LoadModuleOperation load) {
        StringBuilder sb =
                new StringBuilder("LOAD MODULE `").append(load.getModuleName()).append("` WITH (");
        boolean first = true;
        for (Map.Entry<String, String> e : load.getOptions().entrySet()) {
            sb.append(first ? "" : ", ")
                    .append(SqlLiterals.quote(e.getKey()))
                    .append(" = ")
                    .append(SqlLiterals.quote(e.getValue()));
            first = false;
        }
        return sb.append(")").toString();
    }
}
