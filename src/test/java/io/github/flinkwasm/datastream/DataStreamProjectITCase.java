package io.github.flinkwasm.datastream;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkwasm.testing.TestPlugins;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DataStream job of examples/datastream-job, a separate Maven project, as a user builds and
 * runs it: the packaged library installed into a throwaway local repository (which reuses
 * ~/.m2 for everything else), {@code mvn package} on the example, and its job run with exactly its
 * compile and provided dependencies on the classpath, which hold no {@code flink-table-runtime}.
 * Needs the library's jar, so it runs after {@code package}: in {@code mvn verify}, or alone with
 * {@code mvn package -DskipTests} then {@code mvn test -Dtest=DataStreamProjectITCase}.
 */
class DataStreamProjectITCase {
    private static final Path EXAMPLE = TestPlugins.ROOT.resolve("examples/datastream-job");

    @Test
    void shouldBuildAndRunTheExampleWithOnlyWhatTheReadmeLists(@TempDir Path tmp) throws Exception {
        Path jar = libraryJar();
        Path repo = throwawayRepository(tmp.resolve("repo"));
        Path project = tmp.resolve("datastream-job");
        copy(EXAMPLE, project);

        // the README's install step, for the jar this build packaged
        mvn(
                repo,
                project,
                "org.apache.maven.plugins:maven-install-plugin:3.1.2:install-file",
                "-Dfile=" + jar,
                "-DpomFile=" + TestPlugins.ROOT.resolve("pom.xml"));
        mvn(repo, project, "package");

        String classpath = Files.readString(project.resolve("target/classpath.txt"), StandardCharsets.UTF_8)
                .trim();
        List<String> artifacts = Arrays.stream(classpath.split(File.pathSeparator))
                .map(p -> Path.of(p).getFileName().toString())
                .toList();
        assertThat(artifacts)
                .as("the job's classpath")
                .anyMatch(a -> a.startsWith("flink-wasm-0.1.0-SNAPSHOT"))
                .anyMatch(a -> a.startsWith("flink-table-common-"))
                .noneMatch(a -> a.startsWith("flink-table-runtime"))
                .noneMatch(a -> a.startsWith("flink-table-api"))
                .noneMatch(a -> a.startsWith("flink-table-planner"));

        Job job = run(project, classpath);
        assertThat(job.status()).as(job.out() + job.err()).isZero();
        assertThat(job.out().lines())
                .containsExactly(
                        "agent +I[Firefox, Linux]",
                        "reversed knilf ni msaw",
                        "reversed ton ro eb ot",
                        "token +I[be, 2]",
                        "token +I[flink, 3]",
                        "token +I[in, 2]",
                        "token +I[not, 4]",
                        "token +I[or, 3]",
                        "token +I[to, 1]",
                        "token +I[wasm, 1]");

        // without flink-table-common: a message naming the artifact, not a NoClassDefFoundError
        String withoutTableCommon = Arrays.stream(classpath.split(File.pathSeparator))
                .filter(p -> !Path.of(p).getFileName().toString().startsWith("flink-table-common-"))
                .collect(Collectors.joining(File.pathSeparator));
        Job missing = run(project, withoutTableCommon);
        assertThat(missing.status()).isNotZero();
        assertThat(missing.err())
                .contains("IllegalStateException: flink-wasm reads the SQL types of a manifest with Flink's "
                        + "flink-table-common, which is not on the classpath: add org.apache.flink:flink-table-common")
                .doesNotContain("NoClassDefFoundError");
    }

    private record Job(int status, String out, String err) {}

    /** Runs the example's job with the example's jar and a classpath. */
    private static Job run(Path project, String classpath) throws Exception {
        Path err = Files.createTempFile(project, "job", ".err");
        Process job = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        project.resolve("target/datastream-job-0.1.0.jar") + File.pathSeparator + classpath,
                        "example.WasmJob",
                        TestPlugins.SAMPLES.toString())
                .directory(project.toFile())
                .redirectError(err.toFile())
                .start();
        String out = new String(job.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(job.waitFor(10, TimeUnit.MINUTES)).isTrue();
        return new Job(job.exitValue(), out, Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The README's DataStream section lists exactly the example's dependencies, with their versions. */
    @Test
    void shouldListInTheReadmeExactlyTheExamplesDependencies() throws IOException {
        String readme = Files.readString(TestPlugins.ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        String section = readme.substring(readme.indexOf("### DataStream API"));
        section = section.substring(0, section.indexOf("\n## "));
        Set<String> listed = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\s*\\| `([\\w.-]+:[\\w.-]+:[\\w.-]+)` \\|")
                .matcher(section);
        while (row.find()) {
            listed.add(row.group(1));
        }
        String pom = Files.readString(EXAMPLE.resolve("pom.xml"), StandardCharsets.UTF_8);
        Matcher version =
                Pattern.compile("<flink.version>([^<]+)</flink.version>").matcher(pom);
        assertThat(version.find()).isTrue();
        Set<String> declared = new TreeSet<>();
        Matcher dependency = Pattern.compile(
                        "<dependency>.*?<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*"
                                + "<version>([^<]+)</version>",
                        Pattern.DOTALL)
                .matcher(pom);
        while (dependency.find()) {
            declared.add(dependency.group(1) + ":" + dependency.group(2) + ":"
                    + dependency.group(3).replace("${flink.version}", version.group(1)));
        }
        assertThat(declared).hasSize(4);
        assertThat(listed).isEqualTo(declared);
    }

    /** target/flink-wasm-VERSION.jar, which {@code package} wrote from the classes compiled last. */
    private static Path libraryJar() throws IOException {
        Path jar;
        try (Stream<Path> jars = Files.list(TestPlugins.ROOT.resolve("target"))) {
            jar = jars.filter(p -> p.getFileName().toString().matches("flink-wasm-\\d.*(?<!-sources|-tests)\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no target/flink-wasm-VERSION.jar: run this test after "
                            + "package (mvn package -DskipTests, then mvn test -Dtest=DataStreamProjectITCase)"));
        }
        try (Stream<Path> classes = Files.walk(TestPlugins.ROOT.resolve("target/classes"))) {
            long newest = classes.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().lastModified())
                    .max()
                    .orElse(0);
            assertThat(jar.toFile().lastModified())
                    .as(jar + " is older than target/classes: package again (mvn package -DskipTests)")
                    .isGreaterThanOrEqualTo(newest);
        }
        return jar;
    }

    /**
     * A local repository of its own for io.github.flinkwasm, whose other folders link to those of
     * ~/.m2/repository: nothing is downloaded twice and the user's repository keeps its own copy of
     * the library, if any.
     */
    private static Path throwawayRepository(Path repo) throws IOException {
        Path home = Path.of(System.getProperty("user.home"), ".m2", "repository");
        link(home, repo, List.of("io", "github", "flinkwasm"));
        return repo;
    }

    /** {@code to} with a link to each child of {@code from} but the first of {@code path}, recursively. */
    private static void link(Path from, Path to, List<String> path) throws IOException {
        Files.createDirectories(to);
        if (!Files.isDirectory(from) || path.isEmpty()) {
            return;
        }
        try (Stream<Path> children = Files.list(from)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                String name = child.getFileName().toString();
                if (name.equals(path.get(0))) {
                    link(child, to.resolve(name), path.subList(1, path.size()));
                } else {
                    Files.createSymbolicLink(to.resolve(name), child);
                }
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path rel = from.relativize(f);
                if (rel.startsWith("target")) {
                    continue;
                }
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to.resolve(rel));
                } else {
                    Files.copy(f, to.resolve(rel));
                }
            }
        }
    }

    private static void mvn(Path repo, Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q", "-Dmaven.repo.local=" + repo));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir.getParent(), "mvn", ".log");
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(p.waitFor(15, TimeUnit.MINUTES))
                .as(String.join(" ", command))
                .isTrue();
        assertThat(p.exitValue())
                .as(String.join(" ", command) + "\n" + Files.readString(log))
                .isZero();
    }
}
