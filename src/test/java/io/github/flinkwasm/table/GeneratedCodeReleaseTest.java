package io.github.flinkwasm.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.runtime.generated.CompileUtils;
import org.junit.jupiter.api.Test;

/**
 * The release hook against Flink's real code generation cache: it drops the classes generated
 * under an ended job's class loader, and only those.
 */
class GeneratedCodeReleaseTest {

    private static List<Object> cached() throws ReflectiveOperationException {
        return new ArrayList<>(GeneratedCodeRelease.compiledClasses().values());
    }

    @Test
    void shouldDropTheClassesGeneratedUnderAnEndedJobsLoaderOnly() throws Exception {
        try (URLClassLoader ended = new URLClassLoader(new URL[0], getClass().getClassLoader());
                URLClassLoader running =
                        new URLClassLoader(new URL[0], getClass().getClassLoader())) {
            Class<?> endedClass = CompileUtils.compile(ended, "EndedCalc", "public class EndedCalc {}");
            Class<?> runningClass = CompileUtils.compile(running, "RunningCalc", "public class RunningCalc {}");
            assertThat(endedClass.getClassLoader().getParent())
                    .as("Janino's loader is a child of the job's")
                    .isSameAs(ended);
            assertThat(cached()).contains(endedClass, runningClass);

            assertThat(GeneratedCodeRelease.dropClassesGeneratedUnder(ended)).isEqualTo(1);

            assertThat(cached()).doesNotContain(endedClass).contains(runningClass);
            assertThat(GeneratedCodeRelease.dropClassesGeneratedUnder(ended)).isZero();
            assertThat(GeneratedCodeRelease.dropClassesGeneratedUnder(running)).isEqualTo(1);
        }
    }
}
