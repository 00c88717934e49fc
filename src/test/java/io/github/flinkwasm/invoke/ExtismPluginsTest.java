package io.github.flinkwasm.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkwasm.PluginException;
import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.WasmTimeoutException;
import io.github.flinkwasm.plugin.FunctionSignature;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import io.github.flinkwasm.testing.CountingMetrics;
import io.github.flinkwasm.testing.TestPlugins;
import io.github.flinkwasm.types.Representation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Extism plugins built with Extism's AssemblyScript PDK, called through the invoker. */
@Timeout(120)
class ExtismPluginsTest {
    private static final Path RESOURCES = TestPlugins.ROOT.resolve("src/test/resources/extism");

    @TempDir
    Path dir;

    static Plugin test(String name) {
        return PluginLoader.load(RESOURCES.resolve(name + ".json").toString());
    }

    private static FunctionInvoker open(Plugin p, String function, CountingMetrics metrics) {
        return FunctionInvoker.open(p, function, metrics, Representation.JAVA);
    }

    @Test
    void shouldCountVowelsWithConfigAndARunningTotalInAVar() {
        Plugin sample = TestPlugins.loadSample("extism_sample");
        try (FunctionInvoker count = open(sample, "count_vowels", new CountingMetrics())) {
            assertThat(count.invoke("hello world")).isEqualTo(Row.of(3, 3, "aeiouAEIOU"));
            assertThat(count.invoke("Extism plugins in Flink")).isEqualTo(Row.of(6, 9, "aeiouAEIOU"));
            assertThat(count.invoke((Object) null))
                    .as("NULL in, NULL out, no call")
                    .isNull();
            assertThat(count.invoke("a")).isEqualTo(Row.of(1, 10, "aeiouAEIOU"));
        }
        try (FunctionInvoker again = open(sample, "count_vowels", new CountingMetrics())) {
            assertThat(again.invoke("a"))
                    .as("vars live as long as the instance")
                    .isEqualTo(Row.of(1, 1, "aeiouAEIOU"));
        }
    }

    @Test
    void shouldRunInTheInterpreterToo() {
        Path wasm = TestPlugins.SAMPLES.resolve("extism_sample.wasm");
        Plugin p = PluginLoader.load(write(
                "interpreted.json",
                "{\"name\": \"interpreted\", \"vm_config\": {\"path\": \"" + wasm + "\", \"abi\": \"extism\", "
                        + "\"mode\": \"interpreted\", \"timeout_ms\": 0}, \"config\": {\"vowels\": \"o\"}, "
                        + "\"functions\": [\"count_vowels\", {\"name\": \"add\", \"params\": [\"INT\", \"INT\"], "
                        + "\"returns\": \"INT\"}]}"));
        try (FunctionInvoker count = open(p, "count_vowels", new CountingMetrics());
                FunctionInvoker add = open(p, "add", new CountingMetrics())) {
            assertThat(count.invoke("hello world")).isEqualTo("{\"count\": 2, \"total\": 2, \"vowels\": \"o\"}");
            assertThat(count.invoke("foo")).isEqualTo("{\"count\": 2, \"total\": 4, \"vowels\": \"o\"}");
            assertThat(add.invoke(2, 3)).isEqualTo(5);
        }
    }

    @Test
    void shouldPassStringsAsRawBytesAndOtherArgumentsAsAJsonArray() {
        Plugin sample = TestPlugins.loadSample("extism_sample");
        try (FunctionInvoker greet = open(sample, "extism_greet", new CountingMetrics());
                FunctionInvoker add = open(sample, "extism_add", new CountingMetrics());
                FunctionInvoker internal = FunctionInvoker.open(
                        sample, "extism_greet", new CountingMetrics(), Representation.SQL_FUNCTION)) {
            assertThat(greet.invoke("héllo 😀")).isEqualTo("Hello, héllo 😀!");
            assertThat(greet.invoke("")).isEqualTo("Hello, !");
            assertThat(internal.invoke(StringData.fromString("Ada"))).isEqualTo(StringData.fromString("Hello, Ada!"));
            assertThat(add.invoke(40L, 2L)).isEqualTo(42L);
            assertThat(add.invoke(-7L, 1000L)).isEqualTo(993L);
            assertThat(add.invoke(1L, null)).isNull();
        }
    }

    @Test
    void shouldEncodeEachKindOfArgumentAsSection3Says() {
        ExtismCall call = callOf("[\"INT\", \"STRING\", \"BOOLEAN\", \"DOUBLE\", \"DATE\", \"ROW<a INT, b STRING>\","
                + " \"ARRAY<BIGINT>\", \"BYTES\", \"DECIMAL(5, 2)\"]");
        byte[] input = call.input(new Object[] {
            7,
            StringData.fromString("x\"y"),
            true,
            1.5,
            (int) LocalDate.of(2024, 5, 1).toEpochDay(),
            Row.of(1, "b"),
            new Long[] {1L, 2L},
            new byte[] {1, 2},
            new java.math.BigDecimal("3.14")
        });
        assertThat(new String(input, StandardCharsets.UTF_8))
                .isEqualTo("[7,\"x\\\"y\",true,1.5,\"2024-05-01\",{\"a\":1,\"b\":\"b\"},[1,2],\"AQI=\",3.14]");
        assertThat(callOf("[\"BYTES\"]").input(new Object[] {new byte[] {0, -1}}))
                .containsExactly(0, -1);
        assertThat(new String(callOf("[]").input(new Object[0]), StandardCharsets.UTF_8))
                .isEqualTo("[]");
    }

    private ExtismCall callOf(String params) {
        Path wasm = TestPlugins.SAMPLES.resolve("extism_sample.wasm");
        String manifest = "{\"name\": \"enc\", \"vm_config\": {\"path\": \"" + wasm + "\", \"abi\": \"extism\"}, "
                + "\"functions\": [{\"name\": \"f\", \"export\": \"greet\", \"params\": " + params
                + ", \"returns\": \"STRING\"}]}";
        Plugin p = PluginLoader.load(write("enc.json", manifest));
        FunctionSignature signature = p.function("f");
        List<LogicalType> types = new ArrayList<>();
        signature.paramTypes().forEach(t -> types.add(parse(t)));
        return new ExtismCall(signature, types, parse("STRING"), "f", Representation.JAVA);
    }

    private static LogicalType parse(String sqlType) {
        return LogicalTypeParser.parse(sqlType, ExtismPluginsTest.class.getClassLoader());
    }

    @Test
    void shouldReadNumbersDatesAndRowsFromJsonOutput() {
        Path wasm = RESOURCES.resolve("echo.wasm");
        String manifest = "{\"name\": \"json_out\", \"vm_config\": {\"path\": \"" + wasm + "\", \"abi\": \"extism\"},"
                + " \"functions\": ["
                + "{\"name\": \"as_int\", \"export\": \"echo\", \"params\": [\"STRING\"], \"returns\": \"INT\"},"
                + "{\"name\": \"as_date\", \"export\": \"echo\", \"params\": [\"STRING\"], \"returns\": \"DATE\"},"
                + "{\"name\": \"as_row\", \"export\": \"echo\", \"params\": [\"STRING\"],"
                + " \"returns\": \"ROW<`count` INT, names ARRAY<STRING>>\"}]}";
        Plugin p = PluginLoader.load(write("json_out.json", manifest));
        try (FunctionInvoker asInt = open(p, "as_int", new CountingMetrics());
                FunctionInvoker asDate = open(p, "as_date", new CountingMetrics());
                FunctionInvoker asDateInternal =
                        FunctionInvoker.open(p, "as_date", new CountingMetrics(), Representation.SQL_FUNCTION);
                FunctionInvoker asRow = open(p, "as_row", new CountingMetrics())) {
            assertThat(asInt.invoke("42")).isEqualTo(42);
            assertThat(asInt.invoke("null")).as("JSON null is SQL NULL").isNull();
            assertThat(asDate.invoke("\"2024-05-01\"")).isEqualTo(LocalDate.of(2024, 5, 1));
            assertThat(asDateInternal.invoke(StringData.fromString("\"1970-01-11\"")))
                    .isEqualTo(10);
            assertThat(asRow.invoke("{\"count\": 2, \"names\": [\"a\", \"b\"]}"))
                    .isEqualTo(Row.of(2, new String[] {"a", "b"}));
            assertThatThrownBy(() -> asInt.invoke("forty-two"))
                    .isInstanceOf(WasmCallException.class)
                    .hasMessageContaining("plugin 'json_out' function 'as_int'")
                    .hasMessageContaining("not valid JSON");
        }
    }

    @Test
    void shouldFailWithThePluginsMessageAndKeepItsInstance() {
        Plugin errors = test("errors");
        CountingMetrics metrics = new CountingMetrics();
        try (FunctionInvoker check = open(errors, "check", metrics);
                FunctionInvoker orNull = open(errors, "check_or_null", new CountingMetrics())) {
            assertThat(check.invoke("fine")).isEqualTo("ok: fine");
            assertThatThrownBy(() -> check.invoke("boom"))
                    .isInstanceOf(WasmCallException.class)
                    .hasMessage("plugin 'extism_errors' function 'check' (export 'check') failed on arguments (boom): "
                            + "the plugin reported an error (return code 1): refusing input 'boom'");
            assertThat(metrics.errors).isEqualTo(1);
            assertThat(metrics.restarts).as("no trap: the instance stays").isZero();
            assertThat(check.invoke("fine again")).isEqualTo("ok: fine again");
            assertThat(orNull.invoke("boom")).as("on_error = null").isNull();
        }
    }

    @Test
    void shouldFailOnANonZeroCodeATrapAndAnAbort() {
        Plugin errors = test("errors");
        CountingMetrics metrics = new CountingMetrics();
        try (FunctionInvoker badCode = open(errors, "bad_code", new CountingMetrics());
                FunctionInvoker trap = open(errors, "trap", metrics);
                FunctionInvoker abort = open(errors, "out_of_range", new CountingMetrics())) {
            assertThatThrownBy(() -> badCode.invoke("x"))
                    .hasMessageEndingWith("the plugin returned 3 (not 0: a failure) without an error message");
            assertThatThrownBy(() -> trap.invoke("x"))
                    .isInstanceOf(WasmCallException.class)
                    .hasMessageContaining("trap in export 'trap'");
            assertThat(metrics.restarts).as("a trap discards the instance").isEqualTo(1);
            assertThatThrownBy(() -> abort.invoke("abc"))
                    .hasMessageContaining("the plugin reported an error: abort: Index out of range")
                    .hasMessageContaining("then it failed: trap");
        }
    }

    @Test
    void shouldRefuseHttpNamingThePluginAndFunction() {
        try (FunctionInvoker fetch = open(test("errors"), "fetch", new CountingMetrics())) {
            assertThatThrownBy(() -> fetch.invoke("x"))
                    .isInstanceOf(WasmCallException.class)
                    .hasMessageContaining("plugin 'extism_errors' function 'fetch' made an HTTP request to GET "
                            + "https://example.com/data (extism:host/env.http_request): flink-wasm refuses network "
                            + "access to Extism plugins");
        }
    }

    @Test
    void shouldReadTheManifestsConfig() {
        try (FunctionInvoker config = open(test("errors"), "config", new CountingMetrics())) {
            assertThat(config.invoke("region")).isEqualTo("eu-west");
            assertThat(config.invoke("missing")).isEqualTo("<none>");
            assertThat(config.invoke("empty"))
                    .as("an empty value is no value, as in Extism's kernel")
                    .isEqualTo("<none>");
        }
    }

    @Test
    void shouldCapTheExtismMemory() {
        // errors.json: max_memory_pages 16, so 1 MiB of Extism memory
        try (FunctionInvoker hog = open(test("errors"), "hog", new CountingMetrics());
                FunctionInvoker big = open(test("errors"), "big", new CountingMetrics())) {
            assertThat(hog.invoke("8")).isEqualTo("8 blocks");
            assertThat(hog.invoke("8"))
                    .as("every call starts with empty memory")
                    .isEqualTo("8 blocks");
            assertThatThrownBy(() -> hog.invoke("16"))
                    .isInstanceOf(WasmCallException.class)
                    .hasMessageContaining("extism:host/env.alloc(65536) does not fit")
                    .hasMessageContaining("its cap is 1048576 bytes (vm_config.max_memory_pages)");
            assertThat(hog.invoke("1")).isEqualTo("1 blocks");
            assertThat((String) big.invoke("100000")).hasSize(100000);
        }
    }

    @Test
    void shouldEchoBytesUnchanged() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        try (FunctionInvoker echo = open(test("echo"), "echo_bytes", new CountingMetrics());
                FunctionInvoker text = open(test("echo"), "echo", new CountingMetrics())) {
            assertThat((byte[]) echo.invoke((Object) all)).containsExactly(all);
            assertThat((byte[]) echo.invoke((Object) new byte[0])).isEmpty();
            String big = "x".repeat(1 << 20) + "😀";
            assertThat(text.invoke(big)).isEqualTo(big);
        }
    }

    @Test
    void shouldRunWasiAndInitializeTheReactor() {
        CountingMetrics metrics = new CountingMetrics();
        try (FunctionInvoker hello = open(test("wasi"), "hello", metrics)) {
            assertThat(hello.invoke("world")).isEqualTo("started:42 wrote 6 bytes");
            assertThat(hello.invoke("çok")).isEqualTo("started:42 wrote 5 bytes");
        }
    }

    @Test
    void shouldStopAnEndlessPluginAtItsTimeoutAndRecover() {
        CountingMetrics metrics = new CountingMetrics();
        try (FunctionInvoker spin = open(test("spin"), "spin", metrics)) {
            assertThatThrownBy(() -> spin.invoke("x"))
                    .isInstanceOf(WasmTimeoutException.class)
                    .hasMessageContaining("plugin 'extism_spin' function 'spin'")
                    .hasMessageContaining("timeout_ms = 300");
            assertThat(metrics.timeouts).isEqualTo(1);
            assertThat(metrics.restarts).isEqualTo(1);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            assertThatThrownBy(() -> spin.invoke("y")).isInstanceOf(WasmTimeoutException.class);
        }
    }

    @Test
    void shouldCheckTheManifestAgainstThePlugin() {
        Path echo = RESOURCES.resolve("echo.wasm");
        Path wasi = RESOURCES.resolve("wasi.wasm");
        assertThatThrownBy(() -> PluginLoader.load(write(
                        "flinkabi.json",
                        "{\"name\": \"p\", \"vm_config\": {\"path\": \"" + echo + "\"}, \"functions\": [\"echo\"]}")))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("flinkabi.json")
                .hasMessageContaining("vm_config.abi")
                .hasMessageContaining("it is an Extism plugin; set \"abi\": \"extism\"");
        assertThatThrownBy(() -> PluginLoader.load(write(
                        "nowasi.json",
                        "{\"name\": \"p\", \"vm_config\": {\"path\": \"" + wasi
                                + "\", \"abi\": \"extism\"}, \"functions\": [\"hello\"]}")))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("vm_config.wasi")
                .hasMessageContaining("imports WASI");
        assertThatThrownBy(() -> PluginLoader.load(write(
                        "noexport.json",
                        "{\"name\": \"p\", \"vm_config\": {\"path\": \"" + echo
                                + "\", \"abi\": \"extism\"}, \"functions\": [\"nope\"]}")))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("functions[0]")
                .hasMessageContaining("has no exported function 'nope'; its plugin functions are echo, input_size");
        assertThatThrownBy(() -> PluginLoader.load(write(
                        "badabi.json",
                        "{\"name\": \"p\", \"vm_config\": {\"path\": \"" + echo
                                + "\", \"abi\": \"wasi\"}, \"functions\": [\"echo\"]}")))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("vm_config.abi")
                .hasMessageContaining("expected 'flink' (the default");
    }

    private String write(String name, String json) {
        try {
            Path p = dir.resolve(name);
            Files.writeString(p, json);
            return p.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
