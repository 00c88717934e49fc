package io.github.flinkwasm.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.table.runtime.generated.CompileUtils;
import org.junit.jupiter.api.Test;

/**
 * The release hook against Flink's real code generation cache and real threads: it drops the
 * classes generated under an ended job's class loader and detaches the threads that keep it as
 * context class loader, and leaves everything of a running job alone.
 */
class JobLoaderReleaseTest {

    private static List<Object> cached() throws ReflectiveOperationException {
        return new ArrayList<>(JobLoaderRelease.compiledClasses().values());
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

            assertThat(JobLoaderRelease.dropClassesGeneratedUnder(ended)).isEqualTo(1);

            assertThat(cached()).doesNotContain(endedClass).contains(runningClass);
            assertThat(JobLoaderRelease.dropClassesGeneratedUnder(ended)).isZero();
            assertThat(JobLoaderRelease.dropClassesGeneratedUnder(running)).isEqualTo(1);
        }
    }

    @Test
    void shouldGiveThreadsThatKeepAnEndedJobsLoaderItsParent() throws Exception {
        try (URLClassLoader ended = new URLClassLoader(new URL[0], getClass().getClassLoader());
                URLClassLoader running =
                        new URLClassLoader(new URL[0], getClass().getClassLoader())) {
            CountDownLatch stop = new CountDownLatch(1);
            Thread keepsEnded = parked(ended, stop);
            Thread keepsRunning = parked(running, stop);
            try {
                assertThat(JobLoaderRelease.detachThreadsFrom(ended)).isEqualTo(1);

                assertThat(keepsEnded.getContextClassLoader())
                        .isSameAs(getClass().getClassLoader());
                assertThat(keepsRunning.getContextClassLoader()).isSameAs(running);
                assertThat(JobLoaderRelease.detachThreadsFrom(ended)).isZero();
            } finally {
                stop.countDown();
                keepsEnded.join();
                keepsRunning.join();
            }
        }
    }

    /** A started thread with this context class loader, waiting for {@code stop}. */
    private static Thread parked(ClassLoader contextLoader, CountDownLatch stop) {
        Thread t = new Thread(() -> {
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.setContextClassLoader(contextLoader);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
