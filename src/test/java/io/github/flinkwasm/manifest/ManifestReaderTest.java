package io.github.flinkwasm.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkwasm.PluginException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestReaderTest {

    @Test
    void shouldReadTheShortFormUsersAlreadyKnow() {
        PluginManifest m = ManifestReader.read(
                "{\n"
                        + "  \"name\": \"car\",\n"
                        + "  \"instance_num\": 4,\n"
                        + "  \"vm_config\": { \"engine\": \"chicory\", \"path\": \"car.wasm\" },\n"
                        + "  \"functions\": [\"link\", \"rank\"]\n"
                        + "}",
                "car.json",
                "/plugins");
        assertThat(m.name()).isEqualTo("car");
        assertThat(m.instanceNum()).isEqualTo(4);
        assertThat(m.baseDir()).isEqualTo("/plugins");
        VmConfig vm = m.vmConfig();
        assertThat(vm.path()).isEqualTo("car.wasm");
        assertThat(vm.mode()).isEqualTo(ExecutionMode.COMPILED);
        assertThat(vm.timeoutMs()).isEqualTo(1000);
        assertThat(vm.maxMemoryPages()).isEqualTo(256);
        assertThat(vm.wasi().enabled()).isFalse();
        assertThat(m.functions()).extracting(FunctionSpec::name).containsExactly("link", "rank");
        assertThat(m.functions()).allMatch(FunctionSpec::signatureFromExport);
        assertThat(m.functions().get(1).export()).isEqualTo("rank");
        assertThat(m.functions().get(1).onError()).isEqualTo(ErrorPolicy.FAIL);
    }

    @Test
    void shouldReadTheFullForm() {
        PluginManifest m = ManifestReader.read(
                "{\n"
                        + "  \"name\": \"text\", \"version\": \"1.2.0\", \"description\": \"string helpers\",\n"
                        + "  \"instance_num\": 1,\n"
                        + "  \"vm_config\": { \"engine\": \"chicory\", \"path\": \"text.wasm\",\n"
                        + "    \"sha256\": \"9F2C000000000000000000000000000000000000000000000000000000000000\",\n"
                        + "    \"mode\": \"interpreted\", \"timeout_ms\": 0, \"max_memory_pages\": 16,\n"
                        + "    \"wasi\": {\"env\": {\"LANG\": \"tr\"}, \"args\": [\"x\"], \"preopens\": {\"/data\": \"/tmp\"},\n"
                        + "             \"deterministic\": true} },\n"
                        + "  \"config\": { \"locale\": \"tr\" },\n"
                        + "  \"functions\": [\n"
                        + "    \"word_count\",\n"
                        + "    { \"name\": \"upper\", \"export\": \"to_upper\", \"params\": [\"STRING\"], \"returns\": \"STRING\",\n"
                        + "      \"on_error\": \"null\", \"deterministic\": false }\n"
                        + "  ]\n"
                        + "}",
                "text.json",
                ".");
        assertThat(m.version()).isEqualTo("1.2.0");
        assertThat(m.config()).isEqualTo(Map.of("locale", "tr"));
        VmConfig vm = m.vmConfig();
        assertThat(vm.sha256()).startsWith("9f2c");
        assertThat(vm.mode()).isEqualTo(ExecutionMode.INTERPRETED);
        assertThat(vm.timeoutMs()).isZero();
        assertThat(vm.maxMemoryPages()).isEqualTo(16);
        assertThat(vm.wasi())
                .isEqualTo(new WasiConfig(true, Map.of("LANG", "tr"), List.of("x"), Map.of("/data", "/tmp"), true));
        FunctionSpec upper = m.function("upper");
        assertThat(upper.export()).isEqualTo("to_upper");
        assertThat(upper.params()).containsExactly("STRING");
        assertThat(upper.returns()).isEqualTo("STRING");
        assertThat(upper.onError()).isEqualTo(ErrorPolicy.NULL);
        assertThat(upper.deterministic()).isFalse();
        assertThat(upper.jsonPath()).isEqualTo("functions[1]");
        assertThat(m.function("word_count").signatureFromExport()).isTrue();
    }

    @Test
    void shouldTakeWasiTrueAsOnWithNothingGranted() {
        PluginManifest m = ManifestReader.read(
                "{\"name\": \"w\", \"vm_config\": {\"path\": \"w.wasm\", " + "\"wasi\": true}, \"functions\": [\"f\"]}",
                "w.json",
                ".");
        assertThat(m.vmConfig().wasi()).isEqualTo(new WasiConfig(true, Map.of(), List.of(), Map.of(), false));
    }

    @Test
    void shouldNameTheKeyOfANestedProblem() {
        assertThatThrownBy(() -> ManifestReader.read(
                        "{\"name\": \"w\", \"vm_config\": {\"path\": \"w.wasm\", "
                                + "\"wasi\": {\"env\": {\"A\": 1}}}, \"functions\": [\"f\"]}",
                        "w.json",
                        "."))
                .isInstanceOf(PluginException.class)
                .hasMessage("w.json: vm_config.wasi.env.A: expected a string, found the number 1");
        assertThatThrownBy(() -> ManifestReader.read(
                        "{\"name\": \"w\", \"vm_config\": {\"path\": \"w.wasm\"}, "
                                + "\"functions\": [\"f\", {\"name\": \"g\", \"params\": [\"INT\", 3], \"returns\": \"INT\"}]}",
                        "w.json",
                        "."))
                .hasMessage("w.json: functions[1].params[1]: expected a string, found the number 3");
    }
}
