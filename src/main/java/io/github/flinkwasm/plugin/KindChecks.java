package io.github.flinkwasm.plugin;

import io.github.flinkwasm.engine.ModuleInfo;
import io.github.flinkwasm.engine.WasmSignature;
import io.github.flinkwasm.engine.WasmType;
import io.github.flinkwasm.manifest.FunctionSpec;
import io.github.flinkwasm.manifest.PluginManifest;
import io.github.flinkwasm.types.ValueKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The load-time checks of the table, aggregate and process kinds (SPEC section 7): every export a
 * kind needs, with its type. Each error names the manifest, the JSON path, the export and the type
 * expected.
 */
final class KindChecks {
    private static final List<WasmType> ACC = List.of(WasmType.I32, WasmType.I32);
    private static final List<WasmType> PACKED = List.of(WasmType.I64);

    private KindChecks() {
        // no instances
    }

    static FunctionSignature signature(PluginManifest manifest, ModuleInfo info, FunctionSpec spec) {
        List<ValueKind> paramKinds = PluginLoader.paramKinds(manifest, spec);
        List<WasmType> paramSlots = new ArrayList<>();
        paramKinds.forEach(k -> paramSlots.addAll(k.paramTypes()));
        String at = spec.jsonPath();
        ValueKind returnKind = PluginLoader.kind(manifest, at + ".returns", spec.returns());
        boolean retract = false;
        boolean merge = false;
        switch (spec.kind()) {
            case TABLE:
                // the export returns the ARRAY<returns> of the rows, which crosses as JSON text
                returnKind = PluginLoader.kind(manifest, at + ".returns", "ARRAY<" + spec.returns() + ">");
                require(manifest, info, spec, spec.export(), WasmSignature.of(paramSlots, PACKED), "the rows");
                PluginLoader.checkAllocator(
                        manifest,
                        info,
                        at,
                        "table function '" + spec.name() + "' returns its rows through linear memory");
                break;
            case AGGREGATE:
                String e = spec.export();
                List<WasmType> step = new ArrayList<>(ACC);
                step.addAll(paramSlots);
                require(manifest, info, spec, e + "_create", WasmSignature.of(List.of(), PACKED), "a new accumulator");
                require(
                        manifest,
                        info,
                        spec,
                        e + "_accumulate",
                        WasmSignature.of(step, PACKED),
                        "(acc_ptr, acc_len, params...) -> the new accumulator");
                require(
                        manifest,
                        info,
                        spec,
                        e + "_result",
                        WasmSignature.of(ACC, List.of(returnKind.resultType())),
                        "(acc_ptr, acc_len) -> the result of type " + spec.returns());
                retract = optional(
                        manifest,
                        info,
                        spec,
                        e + "_retract",
                        WasmSignature.of(step, PACKED),
                        "(acc_ptr, acc_len, params...) -> the new accumulator");
                List<WasmType> two = new ArrayList<>(ACC);
                two.addAll(ACC);
                merge = optional(
                        manifest,
                        info,
                        spec,
                        e + "_merge",
                        WasmSignature.of(two, PACKED),
                        "(acc_ptr, acc_len, other_ptr, other_len) -> the merged accumulator");
                PluginLoader.checkAllocator(
                        manifest,
                        info,
                        at,
                        "aggregate function '" + spec.name() + "' keeps its accumulator in linear memory");
                break;
            case PROCESS:
                ProcessChecks.check(manifest, info, spec);
                break;
            default:
                throw new IllegalArgumentException("not a kind with its own checks: " + spec.kind());
        }
        return new FunctionSignature(
                spec.name(),
                spec.export(),
                spec.params(),
                paramKinds,
                spec.returns(),
                returnKind,
                spec.onError(),
                spec.deterministic(),
                PluginLoader.nullResult(manifest, spec, returnKind),
                spec.kind(),
                retract,
                merge);
    }

    private static void require(
            PluginManifest manifest,
            ModuleInfo info,
            FunctionSpec spec,
            String export,
            WasmSignature expected,
            String what) {
        if (!optional(manifest, info, spec, export, expected, what)) {
            throw PluginLoader.fail(
                    manifest,
                    spec.jsonPath(),
                    spec.kind().jsonName() + " function '" + spec.name() + "' needs the export '" + export
                            + "' of type " + expected + " (" + what + "), and the module "
                            + manifest.vmConfig().path() + " has none; it exports "
                            + (info.functionExports().isEmpty()
                                    ? "no functions"
                                    : String.join(", ", info.functionExports().keySet())));
        }
    }

    private static boolean optional(
            PluginManifest manifest,
            ModuleInfo info,
            FunctionSpec spec,
            String export,
            WasmSignature expected,
            String what) {
        WasmSignature have = info.functionExports().get(export);
        if (have == null) {
            return false;
        }
        check(manifest, spec, export, have, expected, what);
        return true;
    }

    private static void check(
            PluginManifest manifest,
            FunctionSpec spec,
            String export,
            WasmSignature have,
            WasmSignature expected,
            String what) {
        if (!have.equals(expected)) {
            throw PluginLoader.fail(
                    manifest,
                    spec.jsonPath(),
                    spec.kind().jsonName() + " function '" + spec.name() + "': export '" + export + "' has type "
                            + have + ", but params " + spec.params() + " and returns " + spec.returns()
                            + " need " + expected + " (" + what + ")");
        }
    }
}
