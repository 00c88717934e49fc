package io.github.flinkwasm.manifest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.github.flinkwasm.PluginException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.flink.annotation.Internal;

/**
 * Reads a manifest strictly: unknown keys, wrong types, bad names and missing keys are errors that
 * name the file, the JSON path of the key and what was expected. Thread-safe.
 */
@Internal
public final class ManifestReader {

    /** Plugin and SQL function names. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    /** Chicory keeps linear memory in Java arrays, which caps it just under 2 GiB. */
    public static final int MAX_PAGES = 32767;

    private static final Set<String> TOP_KEYS =
            Set.of("name", "version", "description", "instance_num", "vm_config", "config", "functions");
    private static final Set<String> VM_KEYS =
            Set.of("engine", "path", "sha256", "mode", "timeout_ms", "max_memory_pages", "wasi", "abi");
    private static final Set<String> WASI_KEYS = Set.of("env", "args", "preopens", "deterministic");
    private static final Set<String> FUNCTION_KEYS = Set.of(
            "name", "export", "params", "returns", "on_error", "deterministic", "null_result", "kind", "state_ttl_ms");

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ManifestReader() {
        // no instances
    }

    /**
     * Parses manifest text.
     *
     * @param json the manifest text
     * @param source the file it came from, named in every message
     * @param baseDir the folder relative {@code vm_config.path} values are resolved against
     */
    public static PluginManifest read(String json, String source, String baseDir) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PluginException(source, "", "malformed JSON " + JsonProblems.describe(e), e);
        }
        return new Reading(source).manifest(root, baseDir);
    }

    /**
     * One pass over one manifest; carries the source for messages and collects the problems of
     * independent keys, so that one reading reports every problem it can find.
     */
    private static final class Reading {
        private final String source;
        private final List<PluginException> problems = new ArrayList<>();

        Reading(String source) {
            this.source = source;
        }

        /** Reads one part that does not depend on the others; a problem is recorded, then null. */
        private <T> T part(Supplier<T> read) {
            try {
                return read.get();
            } catch (PluginException e) {
                problems.add(e);
                return null;
            }
        }

        PluginManifest manifest(JsonNode root, String baseDir) {
            if (root == null || !root.isObject()) {
                throw fail("", "expected a JSON object with keys " + sorted(TOP_KEYS) + ", found " + kind(root));
            }
            checkKeys(root, "", TOP_KEYS);
            String name = part(() -> name(required(root, "name", ""), "name"));
            String version = part(() -> optionalText(root, "version", "", null));
            String description = part(() -> optionalText(root, "description", "", null));
            Long instanceNum = part(() -> optionalInt(root, "instance_num", "", 1, 1, 1024));
            VmConfig vm = part(() -> vmConfig(required(root, "vm_config", "")));
            Map<String, String> config = part(() -> stringMap(root.get("config"), "config"));
            List<FunctionSpec> functions = part(() -> functions(required(root, "functions", "")));
            if (!problems.isEmpty()) {
                throw PluginException.of(problems);
            }
            return new PluginManifest(
                    source, baseDir, name, version, description, instanceNum.intValue(), vm, config, functions);
        }

        private VmConfig vmConfig(JsonNode vm) {
            String at = "vm_config";
            expectObject(vm, at);
            int before = problems.size();
            checkKeys(vm, at, VM_KEYS);
            // which engines exist is the plugin loader's to check (engine.WasmEngines)
            String engine = part(() -> optionalText(vm, "engine", at, VmConfig.ENGINE_CHICORY));
            String path = part(() -> {
                String p = text(required(vm, "path", at), at + ".path");
                if (p.isBlank()) {
                    throw fail(at + ".path", "expected the path of the .wasm file, found an empty string");
                }
                return p;
            });
            String sha256 = part(() -> {
                String h = optionalText(vm, "sha256", at, null);
                if (h != null && !SHA256.matcher(h).matches()) {
                    throw fail(at + ".sha256", "expected 64 hexadecimal digits, found '" + h + "'");
                }
                return h;
            });
            ExecutionMode mode = part(() -> {
                String modeText = optionalText(vm, "mode", at, "compiled");
                switch (modeText) {
                    case "compiled":
                        return ExecutionMode.COMPILED;
                    case "interpreted":
                        return ExecutionMode.INTERPRETED;
                    default:
                        throw fail(at + ".mode", "expected 'compiled' or 'interpreted', found '" + modeText + "'");
                }
            });
            Long timeoutMs = part(() -> optionalInt(vm, "timeout_ms", at, VmConfig.DEFAULT_TIMEOUT_MS, 0, 86_400_000L));
            Long pages = part(
                    () -> optionalInt(vm, "max_memory_pages", at, VmConfig.DEFAULT_MAX_MEMORY_PAGES, 1, MAX_PAGES));
            WasiConfig wasi = part(() -> wasi(vm.get("wasi"), at + ".wasi"));
            Abi abi = part(() -> {
                String abiText = optionalText(vm, "abi", at, "flink");
                switch (abiText) {
                    case "flink":
                        return Abi.FLINK;
                    case "extism":
                        return Abi.EXTISM;
                    default:
                        throw fail(
                                at + ".abi",
                                "expected 'flink' (the default: arguments as WebAssembly values) or 'extism' (an "
                                        + "Extism plugin), found '" + abiText + "'");
                }
            });
            if (problems.size() > before) {
                return null;
            }
            return new VmConfig(
                    engine,
                    path,
                    sha256 == null ? null : sha256.toLowerCase(Locale.ROOT),
                    mode,
                    timeoutMs,
                    pages.intValue(),
                    wasi,
                    abi);
        }

        private WasiConfig wasi(JsonNode node, String at) {
            if (node == null || node.isNull()) {
                return WasiConfig.DISABLED;
            }
            if (node.isBoolean()) {
                return node.booleanValue()
                        ? new WasiConfig(true, Map.of(), List.of(), Map.of(), false)
                        : WasiConfig.DISABLED;
            }
            if (!node.isObject()) {
                throw fail(
                        at,
                        "expected false, true or an object with keys " + sorted(WASI_KEYS) + ", found " + kind(node));
            }
            checkKeys(node, at, WASI_KEYS);
            Map<String, String> env = stringMap(node.get("env"), at + ".env");
            List<String> args = stringList(node.get("args"), at + ".args");
            Map<String, String> preopens = stringMap(node.get("preopens"), at + ".preopens");
            boolean deterministic = optionalBoolean(node, "deterministic", at, false);
            return new WasiConfig(true, env, args, preopens, deterministic);
        }

        private List<FunctionSpec> functions(JsonNode node) {
            if (!node.isArray() || node.isEmpty()) {
                throw fail(
                        "functions",
                        "expected a non-empty list of function names or objects, found "
                                + (node.isArray() ? "an empty list" : kind(node)));
            }
            List<FunctionSpec> out = new ArrayList<>();
            Map<String, String> seen = new HashMap<>();
            int before = problems.size();
            for (int i = 0; i < node.size(); i++) {
                String at = "functions[" + i + "]";
                JsonNode item = node.get(i);
                FunctionSpec f = part(() -> function(item, at));
                if (f == null) {
                    continue;
                }
                String previous = seen.putIfAbsent(f.name(), at);
                if (previous != null) {
                    problems.add(fail(
                            at + (node.get(i).isObject() ? ".name" : ""),
                            "duplicate function name '" + f.name() + "', already declared at " + previous));
                }
                out.add(f);
            }
            return problems.size() > before ? null : out;
        }

        private FunctionSpec function(JsonNode node, String at) {
            if (node.isTextual()) {
                String name = name(node, at);
                return new FunctionSpec(name, name, null, null, ErrorPolicy.FAIL, true, at);
            }
            if (!node.isObject()) {
                throw fail(
                        at,
                        "expected a function name or an object with keys " + sorted(FUNCTION_KEYS) + ", found "
                                + kind(node));
            }
            int before = problems.size();
            checkKeys(node, at, FUNCTION_KEYS);
            FunctionSpec spec = functionObject(node, at);
            return problems.size() > before ? null : spec;
        }

        private FunctionSpec functionObject(JsonNode node, String at) {
            String name = name(required(node, "name", at), at + ".name");
            String export = optionalText(node, "export", at, name);
            if (export.isEmpty()) {
                throw fail(at + ".export", "expected the name of an exported function, found an empty string");
            }
            JsonNode paramsNode = node.get("params");
            JsonNode returnsNode = node.get("returns");
            List<String> params = null;
            String returns = null;
            if (paramsNode != null || returnsNode != null) {
                if (paramsNode == null) {
                    throw fail(
                            at + ".params",
                            "missing key 'params': 'returns' is given, so the parameter "
                                    + "types must be given too (a list of SQL types, [] for none)");
                }
                if (returnsNode == null) {
                    throw fail(
                            at + ".returns",
                            "missing key 'returns': 'params' is given, so the result "
                                    + "type must be given too (a SQL type such as \"INT\")");
                }
                params = stringList(paramsNode, at + ".params");
                for (int i = 0; i < params.size(); i++) {
                    if (params.get(i).isBlank()) {
                        throw fail(at + ".params[" + i + "]", "expected a SQL type, found an empty string");
                    }
                }
                returns = text(returnsNode, at + ".returns");
                if (returns.isBlank()) {
                    throw fail(at + ".returns", "expected a SQL type, found an empty string");
                }
            }
            String onErrorText = optionalText(node, "on_error", at, "fail");
            ErrorPolicy onError;
            switch (onErrorText) {
                case "fail":
                    onError = ErrorPolicy.FAIL;
                    break;
                case "null":
                    onError = ErrorPolicy.NULL;
                    break;
                default:
                    throw fail(at + ".on_error", "expected 'fail' or 'null', found '" + onErrorText + "'");
            }
            boolean deterministic = optionalBoolean(node, "deterministic", at, true);
            String nullResult = nullResult(node.get("null_result"), at + ".null_result");
            FunctionKind kind = functionKind(node, at);
            if (kind != FunctionKind.SCALAR && params == null) {
                throw fail(
                        at + ".params",
                        "missing key 'params': a function of kind '" + kind.jsonName()
                                + "' must give \"params\" and \"returns\" (its signature cannot be taken "
                                + "from the export)");
            }
            long stateTtlMs = optionalInt(node, "state_ttl_ms", at, 0, 1, Long.MAX_VALUE / 2);
            if (node.has("state_ttl_ms") && kind != FunctionKind.PROCESS) {
                throw fail(
                        at + ".state_ttl_ms",
                        "state_ttl_ms applies only to functions of kind 'process' (their state in Flink); "
                                + "this function is of kind '" + kind.jsonName() + "'");
            }
            return new FunctionSpec(
                    name, export, params, returns, onError, deterministic, at, nullResult, kind, stateTtlMs);
        }

        private FunctionKind functionKind(JsonNode node, String at) {
            String text = optionalText(node, "kind", at, FunctionKind.SCALAR.jsonName());
            FunctionKind kind = FunctionKind.fromJson(text);
            if (kind == null) {
                throw fail(at + ".kind", "expected 'scalar', 'table', 'aggregate' or 'process', found '" + text + "'");
            }
            return kind;
        }

        /** {@code null_result}: a JSON number, or the string "NaN"; kept as its text. */
        private String nullResult(JsonNode node, String at) {
            if (node == null) {
                return null;
            }
            if (node.isNumber()) {
                return node.asText();
            }
            if (node.isTextual() && node.textValue().equals("NaN")) {
                return "NaN";
            }
            throw fail(
                    at,
                    "expected the number result that stands for NULL (such as -1), or \"NaN\" for a "
                            + "FLOAT or DOUBLE result, found " + kind(node));
        }

        // ---- typed accessors; each names the path and what was expected

        private JsonNode required(JsonNode obj, String key, String at) {
            JsonNode v = obj.get(key);
            if (v == null || v.isNull()) {
                throw fail(join(at, key), "missing required key '" + key + "'");
            }
            return v;
        }

        private String name(JsonNode node, String at) {
            String s = text(node, at);
            if (!NAME.matcher(s).matches()) {
                throw fail(at, "expected a name matching [a-z][a-z0-9_]*, found '" + s + "'");
            }
            return s;
        }

        private String text(JsonNode node, String at) {
            if (!node.isTextual()) {
                throw fail(at, "expected a string, found " + kind(node));
            }
            return node.textValue();
        }

        private String optionalText(JsonNode obj, String key, String at, String dflt) {
            JsonNode v = obj.get(key);
            return v == null || v.isNull() ? dflt : text(v, join(at, key));
        }

        private long optionalInt(JsonNode obj, String key, String at, long dflt, long min, long max) {
            JsonNode v = obj.get(key);
            if (v == null || v.isNull()) {
                return dflt;
            }
            String path = join(at, key);
            if (!v.isIntegralNumber()) {
                throw fail(path, "expected an integer from " + min + " to " + max + ", found " + kind(v));
            }
            if (!v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
                throw fail(path, "expected an integer from " + min + " to " + max + ", found " + v.asText());
            }
            return v.longValue();
        }

        private boolean optionalBoolean(JsonNode obj, String key, String at, boolean dflt) {
            JsonNode v = obj.get(key);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.isBoolean()) {
                throw fail(join(at, key), "expected true or false, found " + kind(v));
            }
            return v.booleanValue();
        }

        private Map<String, String> stringMap(JsonNode node, String at) {
            if (node == null || node.isNull()) {
                return Map.of();
            }
            if (!node.isObject()) {
                throw fail(at, "expected an object of string values, found " + kind(node));
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), text(e.getValue(), at + "." + e.getKey()));
            }
            return out;
        }

        private List<String> stringList(JsonNode node, String at) {
            if (node == null || node.isNull()) {
                return List.of();
            }
            if (!node.isArray()) {
                throw fail(at, "expected a list of strings, found " + kind(node));
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                out.add(text(node.get(i), at + "[" + i + "]"));
            }
            return out;
        }

        private void expectObject(JsonNode node, String at) {
            if (!node.isObject()) {
                throw fail(at, "expected an object, found " + kind(node));
            }
        }

        private void checkKeys(JsonNode obj, String at, Set<String> allowed) {
            Set<String> unknown = new HashSet<>();
            obj.fieldNames().forEachRemaining(k -> {
                if (!allowed.contains(k)) {
                    unknown.add(k);
                }
            });
            for (String key : sorted(unknown)) {
                problems.add(fail(join(at, key), "unknown key '" + key + "'; expected one of " + sorted(allowed)));
            }
        }

        private PluginException fail(String path, String problem) {
            return new PluginException(source, path, problem);
        }
    }

    private static String join(String at, String key) {
        return at.isEmpty() ? key : at + "." + key;
    }

    private static List<String> sorted(Set<String> keys) {
        List<String> out = new ArrayList<>(keys);
        out.sort(null);
        return out;
    }

    private static String kind(JsonNode node) {
        if (node == null) {
            return "nothing";
        }
        JsonNodeType t = node.getNodeType();
        switch (t) {
            case STRING:
                return "the string \"" + node.textValue() + "\"";
            case NUMBER:
                return "the number " + node.asText();
            case BOOLEAN:
                return node.asText();
            case NULL:
                return "null";
            case ARRAY:
                return "a list";
            case OBJECT:
                return "an object";
            default:
                return t.name().toLowerCase(Locale.ROOT);
        }
    }
}
