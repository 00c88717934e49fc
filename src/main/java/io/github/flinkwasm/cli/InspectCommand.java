package io.github.flinkwasm.cli;

import io.github.flinkwasm.abi.extism.ExtismAbi;
import io.github.flinkwasm.engine.ModuleInfo;
import io.github.flinkwasm.engine.WasmEngines;
import io.github.flinkwasm.engine.WasmSignature;
import io.github.flinkwasm.host.FlinkWasmHost;
import io.github.flinkwasm.manifest.Abi;
import io.github.flinkwasm.manifest.PluginManifest;
import io.github.flinkwasm.manifest.VmConfig;
import io.github.flinkwasm.manifest.WasiConfig;
import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code inspect MANIFEST-or-WASM}: what a module declares and what a manifest makes of it. */
final class InspectCommand {
    static final String USAGE = "inspect MANIFEST|MODULE.wasm";

    private InspectCommand() {
        // no instances
    }

    static int run(List<String> args, PrintStream out) {
        if (args.size() != 1) {
            throw new Main.UsageException("inspect takes one manifest or module", USAGE);
        }
        String location = args.get(0);
        byte[] head = head(location);
        if (head.length >= 4 && head[0] == 0 && head[1] == 'a' && head[2] == 's' && head[3] == 'm') {
            byte[] wasm = read(location);
            ModuleInfo info;
            try {
                info = WasmEngines.get(WasmEngines.DEFAULT).inspect(wasm);
            } catch (IllegalArgumentException e) {
                throw new CliException(location + ": not a valid WebAssembly module: " + e.getMessage(), e);
            }
            printModule(out, location, info);
        } else {
            Plugin plugin = PluginLoader.load(location);
            printPlugin(out, location, plugin);
            out.println();
            String path = plugin.manifest().vmConfig().path();
            printModule(
                    out,
                    path,
                    WasmEngines.get(plugin.manifest().vmConfig().engine()).inspect(plugin.wasm()));
        }
        return 0;
    }

    static void printPlugin(PrintStream out, String location, Plugin plugin) {
        PluginManifest m = plugin.manifest();
        VmConfig vm = m.vmConfig();
        out.println("manifest: " + location);
        out.println("plugin: " + m.name() + (m.version() == null ? "" : " " + m.version())
                + (m.description() == null ? "" : " - " + m.description()));
        out.println("settings:");
        out.println(
                "  engine            " + vm.engine() + " (" + vm.mode().name().toLowerCase() + ")");
        out.println("  module            " + vm.path() + (vm.sha256() == null ? "" : " (sha256 checked)"));
        out.println("  instance_num      " + m.instanceNum());
        out.println("  timeout_ms        " + (vm.timeoutMs() == 0 ? "0 (none)" : String.valueOf(vm.timeoutMs())));
        out.println("  max_memory_pages  " + vm.maxMemoryPages() + " (" + mib(vm.maxMemoryPages()) + ")");
        out.println("  wasi              " + wasi(vm.wasi()));
        if (vm.abi() == Abi.EXTISM) {
            out.println(
                    "  abi               extism (Extism plugin: input and output through " + ExtismAbi.MODULE + ")");
        }
        if (!m.config().isEmpty()) {
            out.println("  config            " + new java.util.TreeMap<>(m.config()));
        }
        out.println("functions:");
        int width = plugin.functions().stream()
                .mapToInt(f -> f.toString().length())
                .max()
                .orElse(0);
        for (FunctionSignature f : plugin.functions()) {
            out.println("  " + pad(f.toString(), width) + "  "
                    + (f.exports().size() == 1 ? "export " + f.export() : "exports " + String.join(", ", f.exports()))
                    + ", on_error "
                    + f.onError().name().toLowerCase() + (f.deterministic() ? "" : ", not deterministic")
                    + (f.nullResult() == null
                            ? ""
                            : ", null_result " + f.nullResult().text())
                    + (vm.abi() == Abi.EXTISM
                            ? ", via Extism input/output"
                            : f.usesMemory() ? ", via linear memory" : ""));
        }
    }

    static void printModule(PrintStream out, String location, ModuleInfo info) {
        out.println("module: " + location + " (" + info.size() + " bytes, sha256 " + info.digest() + ")");
        out.println("imports:" + (info.imports().isEmpty() ? " none" : ""));
        for (ModuleInfo.Import imp : info.imports()) {
            out.println("  " + imp.module() + "." + imp.name() + "  " + imp.kind()
                    + (imp.signature() == null ? "" : " " + imp.signature()));
        }
        out.println("exports:"
                + (info.functionExports().isEmpty() && info.otherExports().isEmpty() ? " none" : ""));
        int width = 0;
        for (String n : info.functionExports().keySet()) {
            width = Math.max(width, n.length());
        }
        for (String n : info.otherExports().keySet()) {
            width = Math.max(width, n.length());
        }
        for (Map.Entry<String, WasmSignature> e : info.functionExports().entrySet()) {
            out.println("  " + pad(e.getKey(), width) + "  function " + e.getValue());
        }
        for (Map.Entry<String, String> e : info.otherExports().entrySet()) {
            out.println("  " + pad(e.getKey(), width) + "  " + e.getValue());
        }
        if (ExtismAbi.isExtismPlugin(info)) {
            printExtism(out, info);
        }
        ModuleInfo.MemoryInfo mem = info.memory();
        if (mem == null) {
            out.println("memory: none");
        } else {
            out.println("memory: " + pages(mem.initialPages()) + " initial (" + mib(mem.initialPages()) + "), "
                    + (mem.maximumPages() < 0
                            ? "no maximum"
                            : "maximum " + pages(mem.maximumPages()) + " (" + mib(mem.maximumPages()) + ")")
                    + (mem.exported() ? ", exported" : ", not exported"));
        }
    }

    /** What an Extism plugin offers (its plugin functions) and needs that the host lacks. */
    private static void printExtism(PrintStream out, ModuleInfo info) {
        List<String> functions = ExtismAbi.pluginFunctions(info);
        out.println("extism plugin: imports " + ExtismAbi.MODULE + "; run it with \"abi\": \"extism\" in vm_config");
        out.println("  plugin functions: " + (functions.isEmpty() ? "none" : String.join(", ", functions))
                + " (each STRING -> STRING when listed by name in a manifest)");
        Map<String, WasmSignature> provided = new java.util.LinkedHashMap<>(FlinkWasmHost.signatures());
        provided.putAll(WasmEngines.get(WasmEngines.DEFAULT).wasiFunctions());
        ExtismAbi.FUNCTIONS.forEach((n, sig) -> provided.put(ExtismAbi.MODULE + "." + n, sig));
        List<String> lacking = new ArrayList<>();
        boolean wasi = false;
        for (ModuleInfo.Import imp : info.imports()) {
            String key = imp.module() + "." + imp.name();
            WasmSignature have = provided.get(key);
            wasi |= imp.module().equals(WasmEngines.WASI_MODULE);
            if (have == null) {
                lacking.add(key);
            } else if (!have.equals(imp.signature())) {
                lacking.add(key + " " + imp.signature() + " (the host's is " + have + ")");
            }
        }
        if (wasi) {
            out.println("  needs WASI: set \"wasi\": true in vm_config");
        }
        out.println("  imports the host lacks: " + (lacking.isEmpty() ? "none" : String.join(", ", lacking)));
    }

    private static String wasi(WasiConfig w) {
        if (!w.enabled()) {
            return "off";
        }
        StringBuilder sb = new StringBuilder("on");
        if (!w.env().isEmpty()) {
            sb.append(", env ").append(new java.util.TreeMap<>(w.env()).keySet());
        }
        if (!w.args().isEmpty()) {
            sb.append(", args ").append(w.args());
        }
        if (!w.preopens().isEmpty()) {
            sb.append(", preopens ").append(new java.util.TreeMap<>(w.preopens()));
        }
        if (w.deterministic()) {
            sb.append(", deterministic");
        }
        return sb.toString();
    }

    private static String pages(int n) {
        return n + (n == 1 ? " page" : " pages");
    }

    private static String mib(int pages) {
        long kib = pages * 64L;
        return kib % 1024 == 0 ? kib / 1024 + " MiB" : kib + " KiB";
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static byte[] head(String location) {
        if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*") && !location.startsWith("file:")) {
            return new byte[0]; // a URI Flink's file systems read: only manifests are read that way
        }
        Path p = Path.of(
                location.startsWith("file:") ? java.net.URI.create(location).getPath() : location);
        if (Files.isDirectory(p)) {
            throw new CliException(location + ": is a folder; inspect takes one manifest or module");
        }
        try (var in = Files.newInputStream(p)) {
            return in.readNBytes(4);
        } catch (NoSuchFileException e) {
            throw new CliException(
                    location + ": file not found: " + p.toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new CliException(location + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static byte[] read(String location) {
        try {
            return Files.readAllBytes(Path.of(location));
        } catch (IOException e) {
            throw new CliException(location + ": cannot read: " + e.getMessage(), e);
        }
    }
}
