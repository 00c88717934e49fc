package io.github.flinkwasm.plugin;

import io.github.flinkwasm.PluginException;
import io.github.flinkwasm.abi.extism.ExtismAbi;
import io.github.flinkwasm.engine.ModuleInfo;
import io.github.flinkwasm.engine.WasmEngine;
import io.github.flinkwasm.engine.WasmEngines;
import io.github.flinkwasm.engine.WasmSignature;
import io.github.flinkwasm.engine.WasmType;
import io.github.flinkwasm.host.FlinkWasmHost;
import io.github.flinkwasm.manifest.Abi;
import io.github.flinkwasm.manifest.FunctionKind;
import io.github.flinkwasm.manifest.FunctionSpec;
import io.github.flinkwasm.manifest.ManifestReader;
import io.github.flinkwasm.manifest.PluginManifest;
import io.github.flinkwasm.types.NullResult;
import io.github.flinkwasm.types.ValueKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

/**
 * Loads a plugin and checks everything that can be checked before the first row: the manifest,
 * the module file and its digest, the module's validity, its imports and memory, and every
 * function's export and signature. Each problem is a {@link PluginException} naming the manifest,
 * the JSON path and what was expected. Thread-safe.
 */
@PublicEvolving
public final class PluginLoader {
    private static final byte[] MAGIC = {0, 'a', 's', 'm'};

    private PluginLoader() {
        // no instances
    }

    /** Loads the plugin described by the manifest at this path or URI. */
    public static Plugin load(String manifestLocation) {
        byte[] text;
        try {
            text = Locations.read(manifestLocation);
        } catch (NoSuchFileException e) {
            throw new PluginException(
                    manifestLocation, "", "manifest file not found: " + Locations.absolute(manifestLocation));
        } catch (IOException e) {
            throw new PluginException(manifestLocation, "", "cannot read the manifest: " + e, e);
        }
        PluginManifest manifest = ManifestReader.read(
                manifestText(manifestLocation, text), manifestLocation, Locations.parent(manifestLocation));
        return load(manifest);
    }

    /** The text of a manifest file, refusing a module or a file that is not UTF-8 text. */
    private static String manifestText(String location, byte[] text) {
        if (isModule(text)) {
            throw new PluginException(location, "", notAManifest(location, text));
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(text))
                    .toString();
        } catch (CharacterCodingException e) {
            int offset = firstInvalidUtf8(text);
            throw new PluginException(
                    location,
                    "",
                    "the manifest is not UTF-8 text: byte 0x"
                            + String.format("%02x", text[offset] & 0xff) + " at offset " + offset
                            + " cannot start or continue a UTF-8 character; save the file as UTF-8");
        }
    }

    private static boolean isModule(byte[] b) {
        return b.length >= 4 && b[0] == MAGIC[0] && b[1] == MAGIC[1] && b[2] == MAGIC[2] && b[3] == MAGIC[3];
    }

    /** What to do with a module given where a manifest belongs: a manifest to start from. */
    private static String notAManifest(String location, byte[] wasm) {
        String file = location.substring(location.lastIndexOf('/') + 1);
        String name = file.replaceAll("\\.wasm$", "")
                .toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "_");
        if (name.isEmpty() || !Character.isLetter(name.charAt(0))) {
            name = "p_" + name;
        }
        List<String> functions = new ArrayList<>();
        try {
            for (Map.Entry<String, WasmSignature> e : WasmEngines.get(WasmEngines.DEFAULT)
                    .inspect(wasm)
                    .functionExports()
                    .entrySet()) {
                String f = e.getKey();
                if (!f.equals("alloc") && !f.equals("dealloc") && !f.startsWith("_")) {
                    functions.add("\"" + f + "\"");
                }
            }
        } catch (IllegalArgumentException e) {
            // not a valid module: suggest a manifest all the same
        }
        return "this file is a WebAssembly module, not a manifest; use inspect to see its exports, "
                + "or write a manifest such as {\"name\": \"" + name + "\", \"vm_config\": {\"path\": \""
                + file + "\"}, \"functions\": [" + String.join(", ", functions) + "]} (README, \"The manifest\")";
    }

    /** Offset of the first byte that breaks UTF-8, for the message. */
    private static int firstInvalidUtf8(byte[] b) {
        ByteBuffer in = ByteBuffer.wrap(b);
        CharBuffer out = CharBuffer.allocate(b.length);
        StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(in, out, true);
        return Math.min(in.position(), b.length - 1);
    }

    /** Loads the module a parsed manifest points at and checks the two against each other. */
    public static Plugin load(PluginManifest manifest) {
        engine(manifest); // an unknown engine is reported before a missing file
        String wasmLocation =
                Locations.resolve(manifest.baseDir(), manifest.vmConfig().path());
        byte[] wasm;
        try {
            wasm = Locations.read(wasmLocation);
        } catch (NoSuchFileException e) {
            throw fail(
                    manifest,
                    "vm_config.path",
                    "module file not found: " + wasmLocation
                            + (Locations.isUri(manifest.vmConfig().path())
                                    ? ""
                                    : " (relative paths are resolved " + "against the manifest's folder)"));
        } catch (AccessDeniedException e) {
            throw fail(
                    manifest, "vm_config.path", "cannot read the module file " + wasmLocation + ": permission denied");
        } catch (IOException e) {
            throw fail(manifest, "vm_config.path", "cannot read the module file " + wasmLocation + ": " + e);
        }
        return load(manifest, wasm);
    }

    /** Checks a manifest against module bytes already in hand (a packaged plugin). */
    public static Plugin load(PluginManifest manifest, byte[] wasm) {
        String path = manifest.vmConfig().path();
        if (wasm.length < 8
                || wasm[0] != MAGIC[0]
                || wasm[1] != MAGIC[1]
                || wasm[2] != MAGIC[2]
                || wasm[3] != MAGIC[3]) {
            throw fail(
                    manifest,
                    "vm_config.path",
                    path + " is not a WebAssembly module: expected a "
                            + "binary module starting with \\0asm, found "
                            + (wasm.length == 0 ? "an empty file" : "bytes " + hexPrefix(wasm))
                            + " (a .wat text file must be compiled with wat2wasm first)");
        }
        WasmEngine engine = engine(manifest);
        String digest = WasmEngines.digest(wasm);
        String expected = manifest.vmConfig().sha256();
        if (expected != null && !expected.equals(digest)) {
            throw fail(
                    manifest,
                    "vm_config.sha256",
                    "sha256 mismatch: " + path + " has " + digest + ", the manifest expects " + expected);
        }
        ModuleInfo info;
        try {
            info = engine.inspect(wasm);
        } catch (IllegalArgumentException e) {
            throw new PluginException(
                    manifest.source(),
                    "vm_config.path",
                    path + " is not a valid WebAssembly module: " + e.getMessage(),
                    e);
        }
        // the checks below do not depend on each other: report every problem at once
        List<PluginException> problems = new ArrayList<>();
        try {
            checkMemory(manifest, info);
        } catch (PluginException e) {
            problems.add(e);
        }
        checkImports(manifest, info, engine, problems);
        try {
            ProcessChecks.checkImports(manifest, info);
        } catch (PluginException e) {
            problems.add(e);
        }
        List<FunctionSignature> functions = new ArrayList<>();
        for (FunctionSpec spec : manifest.functions()) {
            try {
                functions.add(signature(manifest, info, spec));
            } catch (PluginException e) {
                problems.add(e);
            }
        }
        if (!problems.isEmpty()) {
            throw PluginException.of(problems);
        }
        return new Plugin(manifest, wasm, digest, functions);
    }

    /** The engine {@code vm_config.engine} names. */
    private static WasmEngine engine(PluginManifest manifest) {
        try {
            return WasmEngines.get(manifest.vmConfig().engine());
        } catch (IllegalArgumentException e) {
            throw fail(manifest, "vm_config.engine", e.getMessage());
        }
    }

    private static void checkMemory(PluginManifest manifest, ModuleInfo info) {
        ModuleInfo.MemoryInfo mem = info.memory();
        int cap = manifest.vmConfig().maxMemoryPages();
        if (mem != null && mem.initialPages() > cap) {
            throw fail(
                    manifest,
                    "vm_config.max_memory_pages",
                    "the module's initial memory is "
                            + mem.initialPages() + " pages, above the cap of "
                            + cap + " pages; raise vm_config.max_memory_pages to at least " + mem.initialPages()
                            + " or build the module with less memory");
        }
    }

    private static void checkImports(
            PluginManifest manifest, ModuleInfo info, WasmEngine engine, List<PluginException> problems) {
        boolean wasi = manifest.vmConfig().wasi().enabled();
        Map<String, WasmSignature> provided = new LinkedHashMap<>(FlinkWasmHost.signatures());
        if (wasi) {
            provided.putAll(engine.wasiFunctions());
        }
        boolean extism = manifest.vmConfig().abi() == Abi.EXTISM;
        if (extism) {
            ExtismAbi.FUNCTIONS.forEach((n, s) -> provided.put(ExtismAbi.MODULE + "." + n, s));
            checkExtismImports(manifest, info, provided, wasi);
        } else if (ExtismAbi.isExtismPlugin(info)) {
            throw fail(
                    manifest,
                    "vm_config.abi",
                    "the module imports from " + ExtismAbi.MODULE + ": it is an Extism plugin; set \"abi\": "
                            + "\"extism\" in vm_config to run it as one");
        }
        boolean wasiOff = false;
        for (ModuleInfo.Import imp : info.imports()) {
            try {
                checkImport(manifest, imp, provided, wasi);
            } catch (PluginException e) {
                if (!(wasiOff && e.jsonPath().equals("vm_config.wasi"))) {
                    problems.add(e); // WASI being off is one problem, however many WASI imports there are
                }
                wasiOff |= e.jsonPath().equals("vm_config.wasi");
            }
        }
    }

    private static void checkImport(
            PluginManifest manifest, ModuleInfo.Import imp, Map<String, WasmSignature> provided, boolean wasi) {
        String key = imp.module() + "." + imp.name();
        if (!imp.kind().equals("function")) {
            throw fail(
                    manifest,
                    "vm_config.path",
                    "the module imports " + imp.kind() + " " + key
                            + ", but the host provides only functions; the module must define its own "
                            + imp.kind());
        }
        WasmSignature have = provided.get(key);
        if (have == null) {
            if (imp.module().equals(WasmEngines.WASI_MODULE) && !wasi) {
                throw fail(
                        manifest,
                        "vm_config.wasi",
                        "the module imports " + key
                                + " but WASI is off; set \"wasi\": true to link WASI (it grants no files, "
                                + "network or environment unless the manifest says so)");
            }
            throw fail(
                    manifest,
                    "vm_config.path",
                    "the module imports " + key + " " + imp.signature()
                            + ", which the host does not provide; the host provides flink_wasm.log, "
                            + "flink_wasm.config_get, the imports of process functions (flink_wasm.emit, "
                            + "timer_set, timer_delete, watermark, time)"
                            + (wasi ? " and WASI preview 1" : " (and WASI preview 1 " + "when vm_config.wasi is on)"));
        }
        if (!have.equals(imp.signature())) {
            throw fail(
                    manifest,
                    "vm_config.path",
                    "the module imports " + key + " with type " + imp.signature() + ", but the host's " + key
                            + " has type " + have);
        }
    }

    /**
     * The imports of an Extism plugin: every one the host lacks is named in one message, as is every
     * one whose type differs from the host's.
     */
    private static void checkExtismImports(
            PluginManifest manifest, ModuleInfo info, Map<String, WasmSignature> provided, boolean wasi) {
        List<String> missing = new ArrayList<>();
        List<String> wrongType = new ArrayList<>();
        boolean needsWasi = false;
        for (ModuleInfo.Import imp : info.imports()) {
            String key = imp.module() + "." + imp.name();
            if (!imp.kind().equals("function")) {
                missing.add(imp.kind() + " " + key);
                continue;
            }
            WasmSignature have = provided.get(key);
            if (have == null) {
                if (imp.module().equals(WasmEngines.WASI_MODULE) && !wasi) {
                    needsWasi = true;
                } else {
                    missing.add(key + " " + imp.signature());
                }
            } else if (!have.equals(imp.signature())) {
                wrongType.add(key + " " + imp.signature() + " (the host's is " + have + ")");
            }
        }
        if (!missing.isEmpty() || !wrongType.isEmpty()) {
            StringBuilder sb = new StringBuilder("the Extism plugin needs ");
            if (!missing.isEmpty()) {
                sb.append(missing.size() == 1 ? "an import" : missing.size() + " imports")
                        .append(" the host does not provide: ")
                        .append(String.join(", ", missing));
            }
            if (!wrongType.isEmpty()) {
                sb.append(missing.isEmpty() ? "" : "; and ")
                        .append("imports of another type than the host's: ")
                        .append(String.join(", ", wrongType));
            }
            sb.append(". The host provides ")
                    .append(ExtismAbi.MODULE)
                    .append(" (")
                    .append(String.join(", ", ExtismAbi.FUNCTIONS.keySet()))
                    .append(")")
                    .append(wasi ? " and WASI preview 1" : ", and WASI preview 1 when vm_config.wasi is on")
                    .append("; no host functions of ")
                    .append(ExtismAbi.USER_MODULE);
            throw fail(manifest, "vm_config.path", sb.toString());
        }
        if (needsWasi) {
            throw fail(
                    manifest,
                    "vm_config.wasi",
                    "the Extism plugin imports WASI (" + WasmEngines.WASI_MODULE + "), but WASI is off; set "
                            + "\"wasi\": true (plugins built with the JavaScript, Go and other PDKs need it; it grants no "
                            + "files, network or environment unless the manifest says so)");
        }
    }

    private static FunctionSignature signature(PluginManifest manifest, ModuleInfo info, FunctionSpec spec) {
        if (manifest.vmConfig().abi() == Abi.EXTISM) {
            if (spec.kind() != FunctionKind.SCALAR) {
                throw fail(
                        manifest,
                        spec.jsonPath() + ".kind",
                        "an Extism plugin has scalar functions only (SPEC section 8), not kind '"
                                + spec.kind().name().toLowerCase(java.util.Locale.ROOT) + "'");
            }
            return extismSignature(manifest, info, spec);
        }
        if (spec.kind() != FunctionKind.SCALAR) {
            return KindChecks.signature(manifest, info, spec);
        }
        String at = spec.jsonPath();
        WasmSignature export = info.functionExports().get(spec.export());
        if (export == null) {
            throw missingExport(manifest, info, spec, spec.export());
        }
        List<String> paramTypes = new ArrayList<>();
        List<ValueKind> paramKinds = new ArrayList<>();
        String returnType;
        ValueKind returnKind;
        if (spec.signatureFromExport()) {
            if (!export.numeric() || export.results().size() != 1) {
                throw fail(
                        manifest,
                        at,
                        "export '" + spec.export() + "' has type " + export + "; a bare "
                                + "name works only for exports of numbers with one result, so give the function "
                                + "as an object with \"params\" and \"returns\"");
            }
            for (WasmType t : export.params()) {
                paramTypes.add(ValueKind.sqlTypeOf(t));
                paramKinds.add(ValueKind.ofExport(t));
            }
            returnType = ValueKind.sqlTypeOf(export.results().get(0));
            returnKind = ValueKind.ofExport(export.results().get(0));
        } else {
            paramTypes.addAll(spec.params());
            paramKinds.addAll(paramKinds(manifest, spec));
            returnType = spec.returns();
            returnKind = kind(manifest, at + ".returns", returnType);
            List<WasmType> want = new ArrayList<>();
            paramKinds.forEach(k -> want.addAll(k.paramTypes()));
            WasmSignature expected = WasmSignature.of(want, List.of(returnKind.resultType()));
            if (!expected.equals(export)) {
                throw fail(
                        manifest,
                        at,
                        "export '" + spec.export() + "' has type " + export + ", but params " + spec.params()
                                + " and returns " + returnType + " need " + expected);
            }
        }
        NullResult nullResult = nullResult(manifest, spec, returnKind);
        FunctionSignature sig = new FunctionSignature(
                spec.name(),
                spec.export(),
                paramTypes,
                paramKinds,
                returnType,
                returnKind,
                spec.onError(),
                spec.deterministic(),
                nullResult);
        if (sig.usesMemory()) {
            checkAllocator(manifest, info, at, sig);
        }
        return sig;
    }

    /**
     * A function of an Extism plugin: its export must be a plugin function, {@code () -> i32}. A
     * bare name stands for {@code STRING -> STRING}; an object may declare any parameter and result
     * types, which cross as SPEC section 8 says.
     */
    private static FunctionSignature extismSignature(PluginManifest manifest, ModuleInfo info, FunctionSpec spec) {
        String at = spec.jsonPath();
        WasmSignature export = info.functionExports().get(spec.export());
        if (export == null) {
            List<String> functions = ExtismAbi.pluginFunctions(info);
            throw fail(
                    manifest,
                    spec.signatureFromExport() ? at : at + ".export",
                    "the Extism plugin " + manifest.vmConfig().path() + " has no exported function '" + spec.export()
                            + "'; its plugin functions are "
                            + (functions.isEmpty() ? "none" : String.join(", ", functions)));
        }
        if (!ExtismAbi.isPluginFunction(export)) {
            throw fail(
                    manifest,
                    spec.signatureFromExport() ? at : at + ".export",
                    "export '" + spec.export() + "' has type " + export + ", but an Extism plugin function has type "
                            + "() -> i32 (it reads its input and writes its output through " + ExtismAbi.MODULE + ")");
        }
        if (spec.nullResult() != null) {
            throw fail(
                    manifest,
                    at + ".null_result",
                    "null_result does not apply to an Extism plugin: its output is NULL when it is the JSON "
                            + "text null (for a result other than STRING or BYTES)");
        }
        List<String> paramTypes = new ArrayList<>();
        List<ValueKind> paramKinds = new ArrayList<>();
        String returnType;
        ValueKind returnKind;
        if (spec.signatureFromExport()) {
            paramTypes.add("STRING");
            paramKinds.add(ValueKind.STRING);
            returnType = "STRING";
            returnKind = ValueKind.STRING;
        } else {
            for (int i = 0; i < spec.params().size(); i++) {
                String t = spec.params().get(i);
                paramTypes.add(t);
                paramKinds.add(kind(manifest, at + ".params[" + i + "]", t));
            }
            returnType = spec.returns();
            returnKind = kind(manifest, at + ".returns", returnType);
        }
        return new FunctionSignature(
                spec.name(),
                spec.export(),
                paramTypes,
                paramKinds,
                returnType,
                returnKind,
                spec.onError(),
                spec.deterministic());
    }

    /** The function's {@code null_result} for a result of this kind, checked; null when it has none. */
    static NullResult nullResult(PluginManifest manifest, FunctionSpec spec, ValueKind returnKind) {
        if (spec.nullResult() == null) {
            return null;
        }
        try {
            return NullResult.of(spec.nullResult(), returnKind);
        } catch (IllegalArgumentException e) {
            throw fail(manifest, spec.jsonPath() + ".null_result", e.getMessage());
        }
    }

    /** The kind of each declared parameter, each checked. */
    static List<ValueKind> paramKinds(PluginManifest manifest, FunctionSpec spec) {
        List<ValueKind> kinds = new ArrayList<>();
        for (int i = 0; i < spec.params().size(); i++) {
            kinds.add(kind(
                    manifest,
                    spec.jsonPath() + ".params[" + i + "]",
                    spec.params().get(i)));
        }
        return kinds;
    }

    /** The error for an export the module lacks. */
    static PluginException missingExport(PluginManifest manifest, ModuleInfo info, FunctionSpec spec, String name) {
        String at = spec.jsonPath();
        return fail(
                manifest,
                spec.signatureFromExport() ? at : at + ".export",
                "the module "
                        + manifest.vmConfig().path() + " has no exported function '" + name
                        + "'; it exports "
                        + (info.functionExports().isEmpty()
                                ? "no functions"
                                : String.join(", ", info.functionExports().keySet())));
    }

    private static void checkAllocator(PluginManifest manifest, ModuleInfo info, String at, FunctionSignature sig) {
        checkAllocator(
                manifest,
                info,
                at,
                "function '" + sig.name() + "' passes " + sig.paramTypes() + " -> " + sig.returnType()
                        + " through linear memory");
    }

    /**
     * Checks that the module exports a memory, {@code alloc} and {@code dealloc}.
     *
     * @param reason why the function needs them, such as "function 'f' passes ... through linear memory"
     */
    static void checkAllocator(PluginManifest manifest, ModuleInfo info, String at, String reason) {
        WasmSignature alloc = WasmSignature.of(List.of(WasmType.I32), List.of(WasmType.I32));
        WasmSignature dealloc = WasmSignature.of(List.of(WasmType.I32, WasmType.I32), List.of());
        String why = reason + ", so the module must export ";
        if (info.memory() == null) {
            throw fail(manifest, at, why + "a memory, and it has none");
        }
        if (!alloc.equals(info.functionExports().get("alloc"))) {
            throw fail(
                    manifest,
                    at,
                    why + "alloc " + alloc
                            + (info.functionExports().containsKey("alloc")
                                    ? ", found alloc " + info.functionExports().get("alloc")
                                    : ", and it has no 'alloc'"));
        }
        if (!dealloc.equals(info.functionExports().get("dealloc"))) {
            throw fail(
                    manifest,
                    at,
                    why + "dealloc " + dealloc
                            + (info.functionExports().containsKey("dealloc")
                                    ? ", found dealloc "
                                            + info.functionExports().get("dealloc")
                                    : ", and it has no 'dealloc'"));
        }
    }

    static ValueKind kind(PluginManifest manifest, String at, String sqlType) {
        LogicalType type;
        try {
            type = LogicalTypeParser.parse(sqlType, PluginLoader.class.getClassLoader());
        } catch (ValidationException e) {
            throw fail(
                    manifest,
                    at,
                    "cannot read SQL type '" + sqlType + "': " + rootMessage(e) + "; supported: "
                            + ValueKind.supportedTypes());
        }
        ValueKind kind = ValueKind.of(type);
        if (kind == null) {
            throw fail(
                    manifest, at, "unsupported SQL type '" + sqlType + "'; supported: " + ValueKind.supportedTypes());
        }
        return kind;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage()).replaceAll("\\s+", " ").trim();
    }

    private static String hexPrefix(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(4, b.length); i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("%02x", b[i]));
        }
        return sb.toString();
    }

    static PluginException fail(PluginManifest manifest, String path, String problem) {
        return new PluginException(manifest.source(), path, problem);
    }
}
