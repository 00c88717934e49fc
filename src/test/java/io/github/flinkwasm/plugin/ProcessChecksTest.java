package io.github.flinkwasm.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.flinkwasm.PluginException;
import io.github.flinkwasm.manifest.FunctionKind;
import io.github.flinkwasm.testing.TestPlugins;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process kind's load-time checks, against the hand-written guest src/test/wat/process.wat. */
class ProcessChecksTest {
    private static final String ROW_IN = "\"params\": [\"ROW<k STRING, ts TIMESTAMP_LTZ(3)>\"]";
    private static final String ROW_OUT = "\"returns\": \"ROW<window_end BIGINT, n BIGINT>\"";

    @TempDir
    Path dir;

    private String manifest(String module, String functions) {
        return TestPlugins.manifest(dir, "pc", module, "", functions);
    }

    private PluginException failure(String module, String functions) {
        String m = manifest(module, functions);
        PluginException e = catchThrowableOfType(PluginException.class, () -> PluginLoader.load(m));
        assertThat(e).isNotNull();
        assertThat(e.source()).isEqualTo(m);
        return e;
    }

    private static String process(String name, String params, String returns, String extra) {
        return "[{\"name\": \"" + name + "\", \"kind\": \"process\", " + params + ", " + returns + extra + "}]";
    }

    @Test
    void shouldLoadAProcessFunctionWithItsTtl() {
        Plugin p =
                PluginLoader.load(manifest("process", process("counts", ROW_IN, ROW_OUT, ", \"state_ttl_ms\": 60000")));
        assertThat(p.function("counts").kind()).isEqualTo(FunctionKind.PROCESS);
        assertThat(p.manifest().functions().get(0).stateTtlMs()).isEqualTo(60_000);
        assertThat(p.function("counts").toString()).endsWith("[process]");
    }

    @Test
    void shouldNameAnExportOfTheWrongType() {
        PluginException e = failure("process", process("bad_emit", ROW_IN, ROW_OUT, ""));
        assertThat(e.jsonPath()).isEqualTo("functions[0].export");
        assertThat(e.getMessage())
                .contains("process function 'bad_emit'", "export 'bad_emit' has type () -> i32")
                .contains("expected (i32, i32, i32, i32) -> i64");
    }

    @Test
    void shouldNameAMissingExport() {
        PluginException e = failure("process", process("nope", ROW_IN, ROW_OUT, ""));
        assertThat(e.getMessage()).contains("needs the export 'nope' of type (i32, i32, i32, i32) -> i64");
    }

    @Test
    void shouldRequireOneRowParameterAndARowResult() {
        assertThat(failure("process", process("counts", "\"params\": [\"STRING\"]", ROW_OUT, ""))
                        .getMessage())
                .contains("functions[0].params", "takes one parameter, the ROW<...>");
        assertThat(failure("process", process("counts", ROW_IN, "\"returns\": \"BIGINT\"", ""))
                        .getMessage())
                .contains("functions[0].returns", "returns the ROW<...> of the columns it emits");
    }

    @Test
    void shouldRefuseStateTtlOnOtherKinds() {
        PluginException e = failure(
                "process", "[{\"name\": \"bad_emit\", \"params\": [], \"returns\": \"INT\", \"state_ttl_ms\": 5}]");
        assertThat(e.jsonPath()).isEqualTo("functions[0].state_ttl_ms");
        assertThat(e.getMessage()).contains("applies only to functions of kind 'process'");
    }

    @Test
    void shouldRefuseProcessImportsWithoutAProcessFunction() {
        PluginException e = failure("process", "[{\"name\": \"bad_emit\", \"params\": [], \"returns\": \"INT\"}]");
        assertThat(e.getMessage()).contains("imports flink_wasm.", "only functions of kind 'process' may call");
    }
}
