package io.github.flinkwasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the connector jar that {@code mvn package} builds for Flink's {@code lib/} and {@code ADD
 * JAR}: our classes, the relocated third-party ones and META-INF, nothing of Flink, and the module
 * factory registered. Runs in the integration-test phase, after the jar exists.
 */
class PackagingITCase {
    static final Path CONNECTOR_JAR =
            Path.of("target", "flink-wasm-connector.jar").toAbsolutePath();
    private static final String OURS = "io/github/flinkwasm/";
    private static final String SHADED = OURS + "shaded/";

    private static List<String> entries;

    @BeforeAll
    static void readJar() throws IOException {
        assertThat(CONNECTOR_JAR)
                .as("the connector jar; build it with mvn package")
                .isRegularFile();
        entries = new ArrayList<>();
        try (ZipFile zip = new ZipFile(CONNECTOR_JAR.toFile())) {
            Enumeration<? extends ZipEntry> e = zip.entries();
            while (e.hasMoreElements()) {
                ZipEntry entry = e.nextElement();
                if (!entry.isDirectory()) {
                    entries.add(entry.getName());
                }
            }
        }
    }

    @Test
    void shouldHoldOnlyOurPackagesRelocatedPackagesAndMetaInf() {
        assertThat(entries)
                .as("entries outside io/github/flinkwasm/ and META-INF/")
                .allMatch(n -> n.startsWith(OURS) || n.startsWith("META-INF/"));
        assertThat(entries).noneMatch(n -> n.startsWith("org/apache/flink/"));
        assertThat(entries).noneMatch(n -> n.endsWith("module-info.class"));
        assertThat(entries).noneMatch(n -> n.startsWith("META-INF/versions/"));
    }

    @Test
    void shouldRelocateChicoryAsmAndJackson() {
        assertThat(entries)
                .contains(
                        SHADED + "com/dylibso/chicory/runtime/Instance.class",
                        SHADED + "com/dylibso/chicory/compiler/MachineFactoryCompiler.class",
                        SHADED + "com/dylibso/chicory/wasi/WasiPreview1.class",
                        SHADED + "org/objectweb/asm/ClassWriter.class",
                        SHADED + "com/fasterxml/jackson/databind/ObjectMapper.class");
        assertThat(entries).noneMatch(n -> n.startsWith("com/") || n.startsWith("org/"));
    }

    @Test
    void shouldLeaveFlinkAndWhatItProvidesOut() {
        for (String provided : List.of(
                "org/apache/flink/",
                "org/slf4j/",
                "org/apache/logging/",
                "org/apache/commons/",
                SHADED + "org/apache/",
                SHADED + "org/slf4j/")) {
            assertThat(entries).as(provided).noneMatch(n -> n.startsWith(provided));
        }
    }

    @Test
    void shouldRegisterTheModuleFactory() throws IOException {
        assertThat(text("META-INF/services/org.apache.flink.table.factories.Factory")
                        .lines())
                .contains("io.github.flinkwasm.module.WasmModuleFactory");
        assertThat(entries)
                .contains(
                        "io/github/flinkwasm/module/WasmModuleFactory.class",
                        "io/github/flinkwasm/table/PackagedWasmFunction.class",
                        "io/github/flinkwasm/datastream/WasmMapFunction.class");
    }

    @Test
    void shouldRegisterTheChicoryEngine() throws IOException {
        // WasmEngines finds its engines as services: without this file no plugin loads
        assertThat(text("META-INF/services/io.github.flinkwasm.engine.WasmEngine$Provider")
                        .lines())
                .contains("io.github.flinkwasm.engine.chicory.ChicoryEngineProvider");
    }

    @Test
    void shouldRewriteReferencesToTheRelocatedPackages() throws IOException {
        // a class of ours that uses Chicory must name the relocated package in its constant pool
        String runtime = latin1("io/github/flinkwasm/engine/chicory/ChicoryEngine.class");
        assertThat(runtime)
                .contains("io/github/flinkwasm/shaded/com/dylibso/chicory/")
                .doesNotContain("Lcom/dylibso/chicory/");
        String manifests = latin1("io/github/flinkwasm/manifest/ManifestReader.class");
        assertThat(manifests)
                .contains("io/github/flinkwasm/shaded/com/fasterxml/jackson/")
                .doesNotContain("Lcom/fasterxml/jackson/");
    }

    private static String text(String name) throws IOException {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    private static String latin1(String name) throws IOException {
        return new String(bytes(name), StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String name) throws IOException {
        try (ZipFile zip = new ZipFile(CONNECTOR_JAR.toFile())) {
            ZipEntry entry = zip.getEntry(name);
            assertThat(entry).as(name + " in " + CONNECTOR_JAR).isNotNull();
            try (InputStream in = zip.getInputStream(entry)) {
                return in.readAllBytes();
            }
        }
    }
}
