package io.github.flinkwasm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkwasm.manifest.ManifestReader;
import io.github.flinkwasm.manifest.PluginManifest;
import io.github.flinkwasm.table.PackagedWasmFunction;
import io.github.flinkwasm.testing.TestPlugins;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

class PluginPackagerTest {

    @Test
    void shouldNameClassesInCamelCase() {
        assertThat(PluginPackager.className("fib_array")).isEqualTo("FibArray");
        assertThat(PluginPackager.className("fib")).isEqualTo("Fib");
        assertThat(PluginPackager.className("sha256_hex_v2")).isEqualTo("Sha256HexV2");
    }

    @Test
    void shouldWriteManifestModuleAndOneClassPerFunction(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("out/seed-udf.jar");
        List<String> classes = PluginPackager.write(TestPlugins.sample("seed"), jar, null);
        assertThat(classes)
                .containsExactly("flinkwasm.udf.seed.AddInts", "flinkwasm.udf.seed.Fib", "flinkwasm.udf.seed.FibArray");

        String folder = PackagedWasmFunction.resourceFolder("seed");
        try (JarFile jf = new JarFile(jar.toFile())) {
            List<String> files = new ArrayList<>();
            for (JarEntry e : Collections.list(jf.entries())) {
                if (!e.isDirectory()) {
                    files.add(e.getName());
                }
            }
            assertThat(files)
                    .containsExactlyInAnyOrder(
                            "META-INF/MANIFEST.MF",
                            folder + PackagedWasmFunction.MANIFEST_RESOURCE,
                            folder + PackagedWasmFunction.MODULE_RESOURCE,
                            "flinkwasm/udf/seed/AddInts.class",
                            "flinkwasm/udf/seed/Fib.class",
                            "flinkwasm/udf/seed/FibArray.class");
            assertThat(files).noneMatch(f -> f.startsWith("io/github/flinkwasm/")); // no library class

            byte[] wasm = jf.getInputStream(jf.getEntry(folder + PackagedWasmFunction.MODULE_RESOURCE))
                    .readAllBytes();
            assertThat(wasm).isEqualTo(Files.readAllBytes(TestPlugins.SAMPLES.resolve("seed.wasm")));
            String manifest = new String(
                    jf.getInputStream(jf.getEntry(folder + PackagedWasmFunction.MANIFEST_RESOURCE))
                            .readAllBytes(),
                    StandardCharsets.UTF_8);
            PluginManifest m = ManifestReader.read(manifest, "packaged", null);
            assertThat(m.vmConfig().path()).isEqualTo(PackagedWasmFunction.MODULE_RESOURCE);
            assertThat(m.name()).isEqualTo("seed");

            ClassReader fib = new ClassReader(jf.getInputStream(jf.getEntry("flinkwasm/udf/seed/FibArray.class"))
                    .readAllBytes());
            assertThat(fib.getClassName()).isEqualTo("flinkwasm/udf/seed/FibArray");
            assertThat(fib.getSuperName())
                    .isEqualTo(PackagedWasmFunction.class.getName().replace('.', '/'));
            assertThat(fib.getAccess() & Opcodes.ACC_PUBLIC).isNotZero();
        }
    }

    @Test
    void shouldGenerateClassesThatLoadTheirPluginFromTheJar(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("seed_wat.jar");
        PluginPackager.write(TestPlugins.sample("seed_wat"), jar, "com.example.udf");
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {jar.toUri().toURL()}, PluginPackagerTest.class.getClassLoader())) {
            Class<?> c = loader.loadClass("com.example.udf.WatFibArray");
            assertThat(PackagedWasmFunction.class).isAssignableFrom(c);
            assertThat(Modifier.isPublic(c.getModifiers())).isTrue();
            java.lang.reflect.Field uid = c.getDeclaredField("serialVersionUID");
            uid.setAccessible(true);
            assertThat(Modifier.isPrivate(uid.getModifiers()) && Modifier.isStatic(uid.getModifiers()))
                    .isTrue();
            assertThat(uid.getLong(null)).isEqualTo(1L);
            Object f = c.getConstructor().newInstance();
            assertThat(f.toString()).isEqualTo("wasm:seed_wat.wat_fib_array"); // reads the packaged manifest
        }
    }

    @Test
    void shouldWriteTheSameJarTwice(@TempDir Path dir) throws IOException {
        PluginPackager.write(TestPlugins.sample("seed"), dir.resolve("a.jar"), null);
        PluginPackager.write(TestPlugins.sample("seed"), dir.resolve("b.jar"), null);
        assertThat(Files.readAllBytes(dir.resolve("a.jar"))).isEqualTo(Files.readAllBytes(dir.resolve("b.jar")));
    }

    @Test
    void shouldRejectBadPackagesAndCollidingClassNames(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> PluginPackager.write(TestPlugins.sample("seed"), dir.resolve("x.jar"), "com.1bad"))
                .hasMessageContaining("is not a Java package name");
        assertThatThrownBy(() -> PluginPackager.write(TestPlugins.sample("seed"), dir.resolve("x.jar"), "my.class.udf"))
                .hasMessageContaining("Java keyword 'class'");
        Path manifest = dir.resolve("twins.json");
        Files.writeString(
                manifest,
                "{\"name\": \"twins\", \"vm_config\": {\"path\": \""
                        + TestPlugins.SAMPLES.resolve("seed.wasm") + "\"}, \"functions\": [\"fib\", "
                        + "{\"name\": \"fib_\", \"export\": \"fib\", \"params\": [\"INT\"], \"returns\": \"INT\"}]}");
        assertThatThrownBy(() -> PluginPackager.write(manifest.toString(), dir.resolve("x.jar"), null))
                .hasMessageContaining("would both be class flinkwasm.udf.twins.Fib");
        assertThat(dir.resolve("x.jar")).doesNotExist();
    }

    @Test
    void shouldPrintClassNamesAndCreateFunctionStatements(@TempDir Path dir) {
        Path jar = dir.resolve("seed-udf.jar");
        CliRun run = CliRun.of("package", TestPlugins.sample("seed"), "-o", jar.toString());
        assertThat(run.status()).isZero();
        assertThat(run.out().lines().limit(3))
                .containsExactly("flinkwasm.udf.seed.AddInts", "flinkwasm.udf.seed.Fib", "flinkwasm.udf.seed.FibArray");
        assertThat(run.out())
                .contains("CREATE FUNCTION fib AS 'flinkwasm.udf.seed.Fib' USING JAR '" + jar + "';")
                .contains("CREATE FUNCTION add_ints AS 'flinkwasm.udf.seed.AddInts' USING JAR '" + jar + "';");
        assertThat(run.err()).contains("wrote " + jar);
        CliRun usage = CliRun.of("package", TestPlugins.sample("seed"));
        assertThat(usage.status()).isEqualTo(2);
        assertThat(usage.err()).contains("package needs -o JAR");
    }

    @Test
    void shouldPackageAPreopenWithItsFolderResolvedAgainstTheManifest(@TempDir Path dir) throws Exception {
        Files.createDirectory(dir.resolve("granted"));
        String manifest = TestPlugins.manifest(
                dir, "files", "wasi_files", "\"wasi\": {\"preopens\": {\"/data\": \"granted\"}}", "[\"symlink\"]");
        Path jar = dir.resolve("files.jar");
        PluginPackager.write(manifest, jar, null);
        String entry = PackagedWasmFunction.resourceFolder("files") + PackagedWasmFunction.MANIFEST_RESOURCE;
        try (JarFile jf = new JarFile(jar.toFile())) {
            String text = new String(jf.getInputStream(jf.getEntry(entry)).readAllBytes(), StandardCharsets.UTF_8);
            PluginManifest packaged = ManifestReader.read(text, "jar:" + entry, null);
            assertThat(packaged.vmConfig().wasi().preopens())
                    .containsExactly(
                            java.util.Map.entry("/data", dir.resolve("granted").toString()));
        }
    }
}
