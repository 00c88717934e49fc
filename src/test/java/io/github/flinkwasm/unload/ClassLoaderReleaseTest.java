package io.github.flinkwasm.unload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.ref.WeakReference;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A job's copy of the library leaves nothing behind in JVM-wide state once the job is done: the
 * library, Chicory and this probe loaded into a class loader of their own (as Flink's child-first
 * job class loader does), a function called through the direct paths, then every reference
 * dropped: a few full GCs must collect that class loader.
 *
 * <p>What this guards against: JDK 17 keeps the last {@code asType} conversion of a method handle
 * in the handle itself (JDK-8078641, fixed in JDK 18), also in handles that the JDK shares across
 * the JVM, so a conversion to a type that names one of the library's classes keeps the job's class
 * loader until some other code converts the same shared handle. Two such cases were found with this
 * test and a heap dump: direct calls built with {@code MethodHandles.catchException} (the JDK's
 * shared array-collecting handles, converted to types naming {@code ChicoryInstance}), which kept
 * the class loader of the last job on a TaskManager; and the {@code equals} that a record gets by
 * default (its first call converts the JDK's shared reference-comparison handle to the record's
 * type), hence the written-out {@code WasmSignature.equals}.
 */
class ClassLoaderReleaseTest {
    /** Full GCs before the class loader must be gone; counted, not timed. */
    private static final int GCS = 100;

    @Test
    void shouldLetTheClassLoaderOfAJobGoAfterItsFunctionsRan() throws Exception {
        // logging starts here, as in a TaskManager before any job: the shutdown hook that log4j
        // starts with it would otherwise keep the access control context of the probe's first log call
        LoggerFactory.getLogger(ClassLoaderReleaseTest.class).debug("logging started");
        WeakReference<ClassLoader> loader = runInThrowawayLoader();
        for (int i = 0; i < GCS && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(200); // lets the watchdog and compile threads of the probe end
        }
        assertThat(loader.get())
                .as("the probe's class loader after " + GCS
                        + " full GCs (a heap dump of this test shows what holds it)")
                .isNull();
    }

    /** Runs the probe in a class loader of its own and returns only a weak reference to it. */
    private static WeakReference<ClassLoader> runInThrowawayLoader() throws Exception {
        try (ChildFirst loader = new ChildFirst(classPath(), ClassLoaderReleaseTest.class.getClassLoader())) {
            Class<?> probe = Class.forName(UnloadProbe.class.getName(), true, loader);
            assertThat(probe.getClassLoader()).isSameAs(loader);
            LongSupplier run = (LongSupplier) probe.getConstructor().newInstance();
            assertThat(run.getAsLong()).isNotZero();
            return new WeakReference<>(loader);
        }
    }

    private static URL[] classPath() throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }

    /** Loads the library, its tests and Chicory itself; everything else from its parent. */
    private static final class ChildFirst extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        ChildFirst(URL[] urls, ClassLoader parent) {
            super("throwaway-job", urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!(name.startsWith("io.github.flinkwasm.") || name.startsWith("com.dylibso.chicory."))) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
