package io.github.flinkwasm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.flinkwasm.manifest.ManifestReader;
import io.github.flinkwasm.manifest.PluginManifest;
import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.plugin.Locations;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.table.PackagedWasmFunction;
import io.github.flinkwasm.table.WasmAggregateFunction;
import io.github.flinkwasm.table.WasmTableFunction;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import org.apache.flink.annotation.Internal;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Packages a plugin as a jar for {@code CREATE FUNCTION ... USING JAR}: the manifest (with {@code
 * vm_config.path} pointing at the packaged module), the module, and per function one generated
 * class {@code public class <package>.<CamelName> extends PackagedWasmFunction} whose constructor
 * names the plugin and the function. The jar holds no library class: the library comes from
 * Flink's {@code lib/} (or the job jar), and a copy in a function jar would shadow it in Flink's
 * child-first user class loader. Entries carry a fixed time, so equal inputs give equal jars.
 */
@Internal
public final class PluginPackager {
    /** The package of the generated classes when none is given, followed by the plugin name. */
    public static final String DEFAULT_PACKAGE_PREFIX = "flinkwasm.udf.";

    private static final String BASE = PackagedWasmFunction.class.getName().replace('.', '/');
    private static final String PROCESS_BASE = io.github.flinkwasm.table.PackagedWasmProcessFunction.class
            .getName()
            .replace('.', '/');
    private static final Pattern JAVA_PACKAGE =
            Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
    private static final Set<String> JAVA_KEYWORDS = Set.of(
            "abstract",
            "assert",
            "boolean",
            "break",
            "byte",
            "case",
            "catch",
            "char",
            "class",
            "const",
            "continue",
            "default",
            "do",
            "double",
            "else",
            "enum",
            "extends",
            "final",
            "finally",
            "float",
            "for",
            "goto",
            "if",
            "implements",
            "import",
            "instanceof",
            "int",
            "interface",
            "long",
            "native",
            "new",
            "package",
            "private",
            "protected",
            "public",
            "return",
            "short",
            "static",
            "strictfp",
            "super",
            "switch",
            "synchronized",
            "this",
            "throw",
            "throws",
            "transient",
            "try",
            "void",
            "volatile",
            "while",
            "true",
            "false",
            "null",
            "_");
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);
    private static final ObjectMapper JSON = new ObjectMapper();

    private PluginPackager() {
        // no instances
    }

    /**
     * Writes the jar of the plugin whose manifest is at {@code manifestPath}.
     *
     * @param javaPackageOrNull the package of the generated classes; null for {@code
     *     flinkwasm.udf.<plugin>}
     * @return the fully qualified names of the generated classes, in the manifest's function order
     * @throws io.github.flinkwasm.PluginException when the plugin does not load
     * @throws IllegalArgumentException for a bad package name or class names that clash
     */
    public static List<String> write(String manifestPath, Path jar, String javaPackageOrNull) {
        Plugin plugin = PluginLoader.load(manifestPath);
        String javaPackage = javaPackageOrNull == null ? DEFAULT_PACKAGE_PREFIX + plugin.name() : javaPackageOrNull;
        checkPackage(javaPackage);

        Map<String, String> classes = classNames(plugin, javaPackage); // function -> class name
        byte[] manifest = packagedManifest(manifestPath, plugin);
        String folder = PackagedWasmFunction.resourceFolder(plugin.name());
        // the packaged manifest must load exactly as the function classes will load it
        PluginManifest check = ManifestReader.read(
                new String(manifest, StandardCharsets.UTF_8),
                "jar:" + folder + PackagedWasmFunction.MANIFEST_RESOURCE,
                null);
        PluginLoader.load(check, plugin.wasm());

        try {
            Path target = jar.toAbsolutePath();
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try {
                try (OutputStream file = Files.newOutputStream(tmp);
                        JarOutputStream out = new JarOutputStream(file)) {
                    java.io.ByteArrayOutputStream mf = new java.io.ByteArrayOutputStream();
                    jarManifest(plugin).write(mf);
                    put(out, "META-INF/", null);
                    put(out, "META-INF/MANIFEST.MF", mf.toByteArray());
                    Set<String> dirs = new LinkedHashSet<>();
                    addParents(folder + PackagedWasmFunction.MANIFEST_RESOURCE, dirs);
                    for (String cls : classes.values()) {
                        addParents(cls.replace('.', '/') + ".class", dirs);
                    }
                    for (String dir : dirs) {
                        put(out, dir, null);
                    }
                    put(out, folder + PackagedWasmFunction.MANIFEST_RESOURCE, manifest);
                    put(out, folder + PackagedWasmFunction.MODULE_RESOURCE, plugin.wasm());
                    for (Map.Entry<String, String> e : classes.entrySet()) {
                        String internal = e.getValue().replace('.', '/');
                        put(
                                out,
                                internal + ".class",
                                generate(internal, plugin.name(), e.getKey(), baseClass(plugin.function(e.getKey()))));
                    }
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + jar + ": " + e.getMessage(), e);
        }
        return List.copyOf(classes.values());
    }

    /** {@code fib_array} becomes {@code FibArray}, {@code sha256_hex} becomes {@code Sha256Hex}. */
    public static String className(String functionName) {
        StringBuilder sb = new StringBuilder();
        for (String part : functionName.split("_")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }

    /**
     * The class file of {@code public class NAME extends PackagedWasmFunction { public NAME() {
     * super(plugin, function); } private static final long serialVersionUID = 1L; }}.
     *
     * @param internalName the class name with slashes
     */
    static byte[] generate(String internalName, String plugin, String function) {
        return generate(internalName, plugin, function, BASE);
    }

    /**
     * The base class of a function's generated class, by its kind: a scalar function extends
     * {@link PackagedWasmFunction}, a table function {@link WasmTableFunction}, an aggregate the
     * {@link WasmAggregateFunction} class that has the methods its optional exports allow, so that
     * the planner sees what the plugin can do. Each has a constructor {@code (plugin, function)}.
     */
    static String baseClass(FunctionSignature f) {
        switch (f.kind()) {
            case SCALAR:
                return BASE;
            case TABLE:
                return WasmTableFunction.class.getName().replace('.', '/');
            case AGGREGATE:
                return WasmAggregateFunction.classFor(f).getName().replace('.', '/');
            case PROCESS:
                return PROCESS_BASE;
            default:
                throw new IllegalArgumentException("function '" + f.name() + "' is of kind "
                        + f.kind().jsonName() + ", which 'package' cannot package yet");
        }
    }

    /** As {@link #generate(String, String, String)}, extending {@code base} (slashed). */
    static byte[] generate(String internalName, String plugin, String function, String base) {
        // straight-line code: no stack map frames needed, so nothing is loaded while writing
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internalName, null, base, null);
        cw.visitSource("flink-wasm package " + plugin + "." + function, null);
        cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, "serialVersionUID", "J", null, 1L)
                .visitEnd();
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitLdcInsn(plugin);
        init.visitLdcInsn(function);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, base, "<init>", "(Ljava/lang/String;Ljava/lang/String;)V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static Map<String, String> classNames(Plugin plugin, String javaPackage) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        Map<String, String> byLowerCase = new HashMap<>();
        for (FunctionSignature f : plugin.functions()) {
            String simple = className(f.name());
            if (!Character.isJavaIdentifierStart(simple.charAt(0))) {
                simple = "F" + simple;
            }
            // class names that differ only in case collide on case-insensitive file systems
            String other = byLowerCase.putIfAbsent(simple.toLowerCase(Locale.ROOT), f.name());
            if (other != null) {
                throw new IllegalArgumentException("functions '" + other + "' and '" + f.name() + "' of plugin '"
                        + plugin.name() + "' would both be class " + javaPackage + "." + simple
                        + "; rename one of them in the manifest");
            }
            out.put(f.name(), javaPackage + "." + simple);
        }
        return out;
    }

    private static void checkPackage(String javaPackage) {
        if (!JAVA_PACKAGE.matcher(javaPackage).matches()) {
            throw new IllegalArgumentException(
                    "--package: '" + javaPackage + "' is not a Java package name " + "such as flinkwasm.udf.myplugin");
        }
        for (String part : javaPackage.split("\\.")) {
            if (JAVA_KEYWORDS.contains(part)) {
                throw new IllegalArgumentException(
                        "--package: '" + javaPackage + "' contains the Java keyword '" + part + "'");
            }
        }
        if (javaPackage.startsWith("java.")
                || javaPackage.startsWith("org.apache.flink.")
                || javaPackage.startsWith("io.github.flinkwasm.")) {
            throw new IllegalArgumentException("--package: '" + javaPackage + "' belongs to Java, Flink or this "
                    + "library, whose classes Flink loads parent-first; choose a package of your own");
        }
    }

    /** The manifest as written, with {@code vm_config.path} set to the packaged module. */
    private static byte[] packagedManifest(String manifestPath, Plugin plugin) {
        try {
            JsonNode root = JSON.readTree(Locations.read(manifestPath));
            ((ObjectNode) root.get("vm_config")).put("path", PackagedWasmFunction.MODULE_RESOURCE);
            // the sha256, if any, still holds: the packaged bytes are the ones it was checked against
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifestPath + " again: " + e.getMessage(), e);
        }
    }

    private static Manifest jarManifest(Plugin plugin) {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Created-By", "flink-wasm package");
        a.putValue("Flink-Wasm-Plugin", plugin.name());
        a.putValue("Flink-Wasm-Module-SHA-256", plugin.digest());
        return m;
    }

    private static void addParents(String entry, Set<String> dirs) {
        int slash = entry.indexOf('/');
        while (slash >= 0) {
            dirs.add(entry.substring(0, slash + 1));
            slash = entry.indexOf('/', slash + 1);
        }
    }

    private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
        JarEntry e = new JarEntry(name);
        e.setTimeLocal(ENTRY_TIME);
        out.putNextEntry(e);
        if (bytes != null) {
            out.write(bytes);
        }
        out.closeEntry();
    }
}
