package io.github.flinkwasm.plugin;

import io.github.flinkwasm.PluginException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;

/**
 * The plugins of one session or one {@code LOAD MODULE}: adds, replaces, removes and lists them,
 * and keeps SQL function names unique across plugins. Not thread-safe; build it, then share it
 * read-only.
 */
@PublicEvolving
public final class PluginRegistry {
    private final Map<String, Plugin> plugins = new LinkedHashMap<>();
    /** SQL function name to the plugin that defines it. */
    private final Map<String, Plugin> owners = new LinkedHashMap<>();

    /** Loads every plugin named by a comma-separated list of manifests and folders of manifests. */
    public static PluginRegistry load(String locations) {
        PluginRegistry registry = new PluginRegistry();
        for (String manifest : manifests(locations)) {
            registry.add(PluginLoader.load(manifest));
        }
        return registry;
    }

    /**
     * The manifest files a comma-separated list of manifests and folders stands for, in order.
     * Every {@code .json} file directly inside a folder is a manifest.
     */
    public static List<String> manifests(String locations) {
        List<String> out = new ArrayList<>();
        for (String raw : locations.split(",")) {
            String location = raw.trim();
            if (location.isEmpty()) {
                continue;
            }
            try {
                if (Locations.isDirectory(location)) {
                    List<String> inFolder = Locations.manifestsIn(location);
                    if (inFolder.isEmpty()) {
                        throw new PluginException(location, "", "the folder holds no manifest (*.json)");
                    }
                    out.addAll(inFolder);
                } else {
                    out.add(location);
                }
            } catch (IOException e) {
                throw new PluginException(location, "", "cannot list the folder: " + e, e);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no plugin location given: expected a manifest, a folder "
                    + "or a comma-separated list of them, found '" + locations + "'");
        }
        return out;
    }

    /** Adds a plugin; its name and its function names must be new. */
    public PluginRegistry add(Plugin plugin) {
        Plugin existing = plugins.get(plugin.name());
        if (existing != null) {
            throw new PluginException(
                    plugin.manifest().source(),
                    "name",
                    "plugin name '" + plugin.name() + "' is already taken by "
                            + existing.manifest().source());
        }
        checkFunctionNames(plugin, null);
        put(plugin);
        return this;
    }

    /** Adds a plugin, or replaces the one with the same name. */
    public PluginRegistry replace(Plugin plugin) {
        Plugin old = plugins.get(plugin.name());
        checkFunctionNames(plugin, old);
        if (old != null) {
            remove(old.name());
        }
        put(plugin);
        return this;
    }

    /** Removes the plugin with this name; returns it, or null when there was none. */
    public Plugin remove(String pluginName) {
        Plugin p = plugins.remove(pluginName);
        if (p != null) {
            p.functionNames().forEach(owners::remove);
        }
        return p;
    }

    public Plugin plugin(String pluginName) {
        return plugins.get(pluginName);
    }

    public Collection<Plugin> plugins() {
        return Collections.unmodifiableCollection(plugins.values());
    }

    /** SQL function names of every plugin, in load order. */
    public List<String> functionNames() {
        return List.copyOf(owners.keySet());
    }

    /** The plugin that defines this SQL function, or null. */
    public Plugin pluginOf(String functionName) {
        return owners.get(functionName);
    }

    private void checkFunctionNames(Plugin plugin, Plugin replaced) {
        for (FunctionSignature f : plugin.functions()) {
            Plugin owner = owners.get(f.name());
            if (owner != null && owner != replaced) {
                throw new PluginException(
                        plugin.manifest().source(),
                        "functions",
                        "function name '" + f.name() + "' clashes: plugin '" + plugin.name() + "' ("
                                + plugin.manifest().source() + ") and plugin '" + owner.name() + "' ("
                                + owner.manifest().source() + ") both define it; rename one of them with "
                                + "{\"name\": \"...\", \"export\": \"" + f.export() + "\", ...}");
            }
        }
    }

    private void put(Plugin plugin) {
        plugins.put(plugin.name(), plugin);
        plugin.functionNames().forEach(n -> owners.put(n, plugin));
    }
}
