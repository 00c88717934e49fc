package io.github.flinkwasm.table;

import io.github.flinkwasm.PluginException;
import io.github.flinkwasm.invoke.PluginFunction;
import io.github.flinkwasm.manifest.ManifestReader;
import io.github.flinkwasm.manifest.PluginManifest;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Base class of the classes the command line's {@code package} command generates, one per plugin
 * function, for {@code CREATE FUNCTION ... USING JAR}. A generated class only names its plugin and
 * function; the manifest and module are resources of the same jar, under {@link #resourceFolder}.
 *
 * <p>Flink creates many short-lived instances while planning, so the loaded plugin is cached per
 * class loader.
 */
@PublicEvolving
public abstract class PackagedWasmFunction extends AbstractWasmScalarFunction {
    private static final long serialVersionUID = 1L;

    public static final String MANIFEST_RESOURCE = "manifest.json";
    public static final String MODULE_RESOURCE = "module.wasm";

    private static final Map<ClassLoader, Map<String, Plugin>> CACHE = new WeakHashMap<>();

    private final PluginRef ref;

    protected PackagedWasmFunction(String pluginName, String functionName) {
        this.ref = PluginRef.packaged(pluginName, functionName);
    }

    /** Where a packaged plugin's manifest and module live inside its jar. */
    public static String resourceFolder(String pluginName) {
        return "flinkwasm/plugins/" + pluginName + "/";
    }

    @Override
    protected PluginFunction function() {
        return ref.function(getClass());
    }

    /** The plugin packaged under {@link #resourceFolder} in the jar of this class loader, cached. */
    public static Plugin packagedPlugin(ClassLoader loader, String pluginName) {
        synchronized (CACHE) {
            return CACHE.computeIfAbsent(loader, l -> new HashMap<>())
                    .computeIfAbsent(pluginName, n -> load(loader, n));
        }
    }

    private static Plugin load(ClassLoader loader, String pluginName) {
        String folder = resourceFolder(pluginName);
        String source = "jar:" + folder + MANIFEST_RESOURCE;
        PluginManifest manifest = ManifestReader.read(
                new String(resource(loader, folder + MANIFEST_RESOURCE, source), StandardCharsets.UTF_8), source, null);
        return PluginLoader.load(manifest, resource(loader, folder + MODULE_RESOURCE, source));
    }

    private static byte[] resource(ClassLoader loader, String name, String source) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new PluginException(
                        source,
                        "",
                        "resource " + name + " is missing from the "
                                + "function's jar; package the plugin again with the command line's 'package'");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name, e);
        }
    }
}
