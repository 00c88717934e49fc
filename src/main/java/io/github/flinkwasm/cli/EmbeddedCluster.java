package io.github.flinkwasm.cli;

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

import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * One local Flink cluster (a JobManager and one TaskManager in this JVM) for every job of a
 * command-line run. It is installed as the context environment, so every table environment
 * created while it is open submits its jobs here instead of starting a cluster per job, and jars
 * of {@code USING JAR} / {@code ADD JAR} reach the tasks through the cluster's blob server.
 */
final class EmbeddedCluster implements AutoCloseable {
    private static final String EXECUTOR = "flink-wasm-embedded";

    private final MiniCluster cluster;
    private final int slots;

    private EmbeddedCluster(MiniCluster cluster, int slots) {
        this.cluster = cluster;
        this.slots = slots;
    }

    /** Starts a cluster with this many task slots and makes it the context environment. */
    static EmbeddedCluster start(int slots) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0"); // never clash with a running Flink or another run
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
        cluster.start();
        EmbeddedCluster embedded = new EmbeddedCluster(cluster, slots);
        ContextInstaller.install(embedded.executorLoader(), slots);
        return embedded;
    }

    int slots() {
        return slots;
    }

    private PipelineExecutorServiceLoader executorLoader() {
        PipelineExecutor executor = (pipeline, configuration, userCodeClassLoader) -> {
            StreamGraph graph = PipelineExecutorUtils.getStreamGraph(pipeline, configuration);
            return cluster.submitJob(graph).thenApply(submitted -> (JobClient) new MiniClusterJobClient(
                    submitted.getJobID(), cluster, userCodeClassLoader,
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
        CompletableFuture<Void> closed = cluster.closeAsync();
        closed.get();
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
