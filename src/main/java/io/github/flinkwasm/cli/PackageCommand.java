package io.github.flinkwasm.cli;

import io.github.flinkwasm.module.WasmPluginModule;
import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code package MANIFEST -o JAR [--package P]}: writes the jar (see {@link PluginPackager}), prints
 * the generated class names, one a line, then a {@code CREATE FUNCTION} statement per function.
 */
final class PackageCommand {
    static final String USAGE = "package MANIFEST -o JAR [--package JAVA.PACKAGE]";

    private PackageCommand() {
        // no instances
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        String manifest = null;
        String jar = null;
        String javaPackage = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-o") || a.equals("--output") || a.equals("--package")) {
                if (i + 1 >= args.size()) {
                    throw new Main.UsageException(a + " needs a value", USAGE);
                }
                String v = args.get(++i);
                if (a.equals("--package")) {
                    javaPackage = v;
                } else {
                    jar = v;
                }
            } else if (a.startsWith("-")) {
                throw new Main.UsageException("unknown option " + a, USAGE);
            } else if (manifest == null) {
                manifest = a;
            } else {
                throw new Main.UsageException("package takes one manifest, found also '" + a + "'", USAGE);
            }
        }
        if (manifest == null || jar == null) {
            throw new Main.UsageException(
                    manifest == null ? "package needs a manifest" : "package needs -o JAR", USAGE);
        }
        Path target = Path.of(jar).toAbsolutePath().normalize();
        if (Files.isDirectory(target)) {
            throw new CliException("-o " + jar + " is a folder; give the name of the jar to write, such as "
                    + Path.of(jar).resolve("udf.jar"));
        }
        List<String> classes;
        try {
            classes = PluginPackager.write(manifest, target, javaPackage);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new CliException(e.getMessage(), e);
        }
        Plugin plugin = PluginLoader.load(manifest);
        classes.forEach(out::println);
        out.println();
        List<FunctionSignature> shadowed = WasmPluginModule.shadowedByBuiltIns(plugin);
        List<FunctionSignature> functions = plugin.functions();
        for (int i = 0; i < functions.size(); i++) {
            String name = functions.get(i).name();
            String sqlName = name;
            if (shadowed.contains(functions.get(i))) {
                sqlName = plugin.name() + "_" + name;
                out.println("-- '" + name + "' is also a built-in function, which SQL resolves first: named " + sqlName
                        + " here");
            }
            out.println("CREATE FUNCTION " + sqlName + " AS '" + classes.get(i) + "' USING JAR "
                    + SqlLiterals.quote(target.toString()) + ";");
        }
        err.println("wrote " + target + " (" + size(target) + " bytes): plugin '" + plugin.name() + "', "
                + classes.size() + (classes.size() == 1 ? " function" : " functions"));
        return 0;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
