package io.github.flinkwasm.cli;

import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * One local Flink cluster (a JobManager and one TaskManager in this JVM) for every job of a
 * command-line run. It is installed as the context environment, so every table environment
 * created while it is open submits its jobs here instead of starting a cluster per job, and jars
 * of {@code USING JAR} / {@code ADD JAR} reach the tasks through the cluster's blob server.
 */
final class EmbeddedCluster implements AutoCloseable {
    private static final String EXECUTOR = "flink-wasm-embedded";

    private final MiniCluster cluster;
    private final CompletableFuture<MiniCluster> started;
    private final int slots;

    private EmbeddedCluster(MiniCluster cluster, CompletableFuture<MiniCluster> started, int slots) {
        this.cluster = cluster;
        this.started = started;
        this.slots = slots;
    }

    /**
     * Makes a cluster with this many task slots the context environment and starts it in the
     * background: statements that need no job (DDL, LOAD MODULE) run meanwhile, and the first job
     * waits for it.
     */
    static EmbeddedCluster start(int slots, java.util.function.LongConsumer onStarted) {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0"); // never clash with a running Flink or another run
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
        CompletableFuture<MiniCluster> started = new CompletableFuture<>();
        Thread starter = new Thread(
                () -> {
                    long begin = System.nanoTime();
                    try {
                        cluster.start();
                        onStarted.accept(System.nanoTime() - begin);
                        started.complete(cluster);
                    } catch (Throwable e) {
                        started.completeExceptionally(e);
                    }
                },
                "flink-wasm-cluster-start");
        starter.setDaemon(true);
        starter.start();
        EmbeddedCluster embedded = new EmbeddedCluster(cluster, started, slots);
        ContextInstaller.install(embedded.executorLoader(), slots);
        return embedded;
    }

    /** Waits until the cluster runs; rethrows why it could not start. */
    MiniCluster running() {
        try {
            return started.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new CliException(
                    "cannot start the embedded Flink cluster: " + Errors.oneLine(e.getCause()), e.getCause());
        }
    }

    int slots() {
        return slots;
    }

    private PipelineExecutorServiceLoader executorLoader() {
        PipelineExecutor executor = (pipeline, configuration, userCodeClassLoader) -> {
            StreamGraph graph = PipelineExecutorUtils.getStreamGraph(pipeline, configuration);
            MiniCluster cluster = running();
            return cluster.submitJob(graph).thenApply(submitted -> (JobClient) new MiniClusterJobClient(
                    submitted.getJobID(),
                    cluster,
                    userCodeClassLoader,
                    MiniClusterJobClient.JobFinalizationBehavior.NOTHING));
        };
        PipelineExecutorFactory factory = new PipelineExecutorFactory() {
            @Override
            public String getName() {
                return EXECUTOR;
            }

            @Override
            public boolean isCompatibleWith(Configuration configuration) {
                return EXECUTOR.equals(configuration.get(DeploymentOptions.TARGET));
            }

            @Override
            public PipelineExecutor getExecutor(Configuration configuration) {
                return executor;
            }
        };
        return new PipelineExecutorServiceLoader() {
            @Override
            public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
                return factory;
            }

            @Override
            public Stream<String> getExecutorNames() {
                return Stream.of(EXECUTOR);
            }
        };
    }

    @Override
    public void close() throws Exception {
        ContextInstaller.uninstall();
        try {
            started.join(); // closing a cluster while it starts leaves threads behind
        } catch (RuntimeException e) {
            // it did not start: close what there is
        }
        cluster.closeAsync().get();
    }

    /** Reaches the protected static hooks of {@link StreamExecutionEnvironment}. */
    private static final class ContextInstaller extends StreamExecutionEnvironment {
        private ContextInstaller() {
            // never instantiated
        }

        static void install(PipelineExecutorServiceLoader loader, int slots) {
            initializeContextEnvironment(configuration -> {
                Configuration conf = new Configuration(configuration);
                conf.set(DeploymentOptions.TARGET, EXECUTOR);
                conf.set(DeploymentOptions.ATTACHED, true);
                if (!conf.contains(CoreOptions.DEFAULT_PARALLELISM)) {
                    conf.set(CoreOptions.DEFAULT_PARALLELISM, slots);
                }
                return new StreamExecutionEnvironment(loader, conf, null);
            });
        }

        static void uninstall() {
            resetContextEnvironment();
        }
    }
}
