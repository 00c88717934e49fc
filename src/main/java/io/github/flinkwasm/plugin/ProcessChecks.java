package io.github.flinkwasm.plugin;

import io.github.flinkwasm.engine.ModuleInfo;
import io.github.flinkwasm.engine.WasmSignature;
import io.github.flinkwasm.engine.WasmType;
import io.github.flinkwasm.manifest.FunctionKind;
import io.github.flinkwasm.manifest.FunctionSpec;
import io.github.flinkwasm.manifest.PluginManifest;
import java.util.List;
import java.util.Set;
import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

/**
 * The load-time checks of the process kind (SPEC section 7). Each error names the manifest, the
 * JSON path, the export or import and the type expected.
 */
@Internal
public final class ProcessChecks {
    /** {@code E}: (state_ptr, state_len, row_ptr, row_len) -> the new state, packed. */
    public static final WasmSignature PROCESS =
            WasmSignature.of(List.of(WasmType.I32, WasmType.I32, WasmType.I32, WasmType.I32), List.of(WasmType.I64));
    /** {@code E_on_timer}: (state_ptr, state_len, timestamp_ms) -> the new state, packed. */
    public static final WasmSignature ON_TIMER =
            WasmSignature.of(List.of(WasmType.I32, WasmType.I32, WasmType.I64), List.of(WasmType.I64));
    /** The host imports only process functions may call. */
    public static final Set<String> IMPORTS = Set.of("emit", "timer_set", "timer_delete", "watermark", "time");

    private ProcessChecks() {
        // no instances
    }

    /** The name of a process function's timer export. */
    public static String onTimerExport(String export) {
        return export + "_on_timer";
    }

    static void check(PluginManifest manifest, ModuleInfo info, FunctionSpec spec) {
        String at = spec.jsonPath();
        String what = "process function '" + spec.name() + "'";
        if (spec.params().size() != 1 || !isRow(spec.params().get(0))) {
            throw PluginLoader.fail(
                    manifest,
                    at + ".params",
                    what + " takes one parameter, the ROW<...> of its input table's columns (such as "
                            + "[\"ROW<user_id STRING, ts TIMESTAMP_LTZ(3)>\"]), found " + spec.params());
        }
        if (!isRow(spec.returns())) {
            throw PluginLoader.fail(
                    manifest,
                    at + ".returns",
                    what + " returns the ROW<...> of the columns it emits, found '" + spec.returns() + "'");
        }
        WasmSignature have = info.functionExports().get(spec.export());
        if (have == null) {
            throw PluginLoader.fail(
                    manifest,
                    at + ".export",
                    what + " needs the export '" + spec.export() + "' of type " + PROCESS
                            + " (state_ptr, state_len, row_ptr, row_len) -> the new state, and the module "
                            + manifest.vmConfig().path() + " has none; it exports "
                            + String.join(", ", info.functionExports().keySet()));
        }
        if (!have.equals(PROCESS)) {
            throw PluginLoader.fail(
                    manifest,
                    at + ".export",
                    what + ": export '" + spec.export() + "' has type " + have + ", expected " + PROCESS
                            + " (state_ptr, state_len, row_ptr, row_len) -> the new state");
        }
        String timer = onTimerExport(spec.export());
        WasmSignature onTimer = info.functionExports().get(timer);
        if (onTimer != null && !onTimer.equals(ON_TIMER)) {
            throw PluginLoader.fail(
                    manifest,
                    at,
                    what + ": export '" + timer + "' has type " + onTimer + ", expected " + ON_TIMER
                            + " (state_ptr, state_len, timestamp_ms) -> the new state");
        }
        PluginLoader.checkAllocator(manifest, info, at, what + " passes its state and rows through linear memory");
    }

    /** A module that imports a process-only host function must have a process function. */
    static void checkImports(PluginManifest manifest, ModuleInfo info) {
        boolean process = manifest.functions().stream().anyMatch(f -> f.kind() == FunctionKind.PROCESS);
        if (process) {
            return;
        }
        for (ModuleInfo.Import imp : info.imports()) {
            if (imp.module().equals("flink_wasm") && IMPORTS.contains(imp.name())) {
                throw PluginLoader.fail(
                        manifest,
                        "functions",
                        "the module imports flink_wasm." + imp.name() + " " + imp.signature()
                                + ", which only functions of kind 'process' may call, and the manifest "
                                + "declares none");
            }
        }
    }

    private static boolean isRow(String sqlType) {
        try {
            LogicalType t = LogicalTypeParser.parse(sqlType, ProcessChecks.class.getClassLoader());
            return t.getTypeRoot() == LogicalTypeRoot.ROW;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
