package io.github.flinkwasm.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.flinkwasm.PluginException;
import io.github.flinkwasm.manifest.FunctionKind;
import io.github.flinkwasm.testing.TestPlugins;
import io.github.flinkwasm.types.ValueKind;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** functions[].kind: parsed strictly, and every export a kind needs checked at load time. */
class KindChecksTest {
    @TempDir
    Path dir;

    private String manifest(String functions) {
        return TestPlugins.manifest(dir, "k", "kinds", "", functions);
    }

    private PluginException failure(String functions) {
        String m = manifest(functions);
        PluginException e = catchThrowableOfType(PluginException.class, () -> PluginLoader.load(m));
        assertThat(e).isNotNull();
        assertThat(e.source()).isEqualTo(m);
        return e;
    }

    @Test
    void shouldReadEachKindAndTheOptionalExports() {
        Plugin p = PluginLoader.load(manifest("["
                + "{\"name\": \"split\", \"kind\": \"table\", \"params\": [\"STRING\"], \"returns\": \"STRING\"},"
                + "{\"name\": \"sumsq\", \"kind\": \"aggregate\", \"params\": [\"BIGINT\"], \"returns\": \"BIGINT\"},"
                + "{\"name\": \"plain\", \"export\": \"sumsq_plain\", \"kind\": \"aggregate\", \"params\": [\"BIGINT\"],"
                + " \"returns\": \"BIGINT\"},"
                + "{\"name\": \"alloc\", \"params\": [\"INT\"], \"returns\": \"INT\"}]"));
        assertThat(p.function("split").kind()).isEqualTo(FunctionKind.TABLE);
        assertThat(p.function("split").returnKind()).isEqualTo(ValueKind.ARRAY);
        FunctionSignature sumsq = p.function("sumsq");
        assertThat(sumsq.kind()).isEqualTo(FunctionKind.AGGREGATE);
        assertThat(sumsq.retract()).isTrue();
        assertThat(sumsq.merge()).isTrue();
        assertThat(sumsq.exports())
                .containsExactly("sumsq_create", "sumsq_accumulate", "sumsq_retract", "sumsq_merge", "sumsq_result");
        assertThat(p.function("plain").retract()).isFalse();
        assertThat(p.function("plain").merge()).isFalse();
        assertThat(p.function("plain").toString()).isEqualTo("plain(BIGINT) -> BIGINT [aggregate]");
        assertThat(p.function("alloc").kind()).isEqualTo(FunctionKind.SCALAR);
    }

    @Test
    void shouldRejectAnUnknownKind() {
        PluginException e = failure("[{\"name\": \"split\", \"kind\": \"tabular\", \"params\": [\"STRING\"],"
                + " \"returns\": \"STRING\"}]");
        assertThat(e.jsonPath()).isEqualTo("functions[0].kind");
        assertThat(e.getMessage()).contains("expected 'scalar', 'table', 'aggregate' or 'process', found 'tabular'");
    }

    @Test
    void shouldRequireTypesForOtherKinds() {
        PluginException e = failure("[{\"name\": \"split\", \"kind\": \"table\"}]");
        assertThat(e.jsonPath()).isEqualTo("functions[0].params");
        assertThat(e.getMessage()).contains("a function of kind 'table' must give \"params\" and \"returns\"");
    }

    @Test
    void shouldNameAMissingRequiredExportAndItsType() {
        PluginException e = failure("[{\"name\": \"split\", \"kind\": \"aggregate\", \"params\": [\"STRING\"],"
                + " \"returns\": \"BIGINT\"}]");
        assertThat(e.jsonPath()).isEqualTo("functions[0]");
        assertThat(e.getMessage())
                .contains("aggregate function 'split' needs the export 'split_create' of type () -> i64");
    }

    @Test
    void shouldNameAnExportOfTheWrongType() {
        // sumsq_accumulate takes an i64, not a string
        PluginException e = failure("[{\"name\": \"sumsq\", \"kind\": \"aggregate\", \"params\": [\"STRING\"],"
                + " \"returns\": \"BIGINT\"}]");
        assertThat(e.jsonPath()).isEqualTo("functions[0]");
        assertThat(e.getMessage())
                .contains("export 'sumsq_accumulate' has type (i32, i32, i64) -> i64")
                .contains("need (i32, i32, i32, i32) -> i64");
        // the result must be of the declared type
        e = failure("[{\"name\": \"sumsq\", \"kind\": \"aggregate\", \"params\": [\"BIGINT\"],"
                + " \"returns\": \"INT\"}]");
        assertThat(e.getMessage())
                .contains("export 'sumsq_result' has type (i32, i32) -> i64")
                .contains("need (i32, i32) -> i32");
        e = failure("[{\"name\": \"sumsq\", \"kind\": \"aggregate\", \"params\": [\"BIGINT\"],"
                + " \"returns\": \"DOUBLE\"}]");
        assertThat(e.getMessage()).contains("need (i32, i32) -> f64");
    }

    @Test
    void shouldCheckAnOptionalExportWhenPresent() {
        // count_str_retract exists with a STRING parameter; declared as INT it does not fit
        PluginException e = failure("[{\"name\": \"c\", \"export\": \"count_str\", \"kind\": \"aggregate\","
                + " \"params\": [\"STRING\"], \"returns\": \"INT\"}]");
        assertThat(e.getMessage()).contains("'count_str_result' has type (i32, i32) -> i64");
    }

    @Test
    void shouldCheckATableFunctionsExport() {
        PluginException e = failure(
                "[{\"name\": \"series\", \"kind\": \"table\", \"params\": [\"BIGINT\"]," + " \"returns\": \"INT\"}]");
        assertThat(e.getMessage())
                .contains("table function 'series': export 'series' has type (i32) -> i64")
                .contains("need (i64) -> i64 (the rows)");
    }
}
