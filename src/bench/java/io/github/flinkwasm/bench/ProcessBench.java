package io.github.flinkwasm.bench;

import io.github.flinkwasm.invoke.ProcessInvoker;
import io.github.flinkwasm.manifest.ManifestReader;
import io.github.flinkwasm.metrics.WasmFunctionMetrics;
import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.plugin.PluginLoader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.types.Row;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Per-row cost of a process function (kind {@code process}) without Flink around it: the
 * hand-written guest's {@code counts} (src/test/wat/process.wat: tumbling 10-second windows, state
 * as pairs of i64) called through {@link ProcessInvoker} with the state bytes a Flink state backend
 * would hand it, against the same logic in Java on the same kind of byte state (the body of the
 * Java reference PTF, src/test/java/.../process/JavaCounts). Both get one row per call and keep
 * state across calls; the timer bookkeeping goes to a context that only counts.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ProcessBench {
    private static final long WINDOW = 10_000;

    @Param({"compiled"})
    public String mode;

    private ProcessInvoker invoker;
    private final Counting ctx = new Counting();
    private byte[] wasmState;
    private byte[] javaState;
    private Row row;
    private long time = 1_000;

    /** Counts what the function emits and sets; the time advances 7 ms a row. */
    static final class Counting implements ProcessInvoker.Context {
        long rows;
        long timers;
        long time;

        @Override
        public void collect(Row r) {
            rows++;
        }

        @Override
        public boolean hasTime() {
            return true;
        }

        @Override
        public void registerTimer(long t) {
            timers++;
        }

        @Override
        public void deleteTimer(long t) {
            timers--;
        }

        @Override
        public long watermark() {
            return time - 1_000;
        }

        @Override
        public long time() {
            return time;
        }
    }

    @Setup
    public void setUp() throws IOException {
        Path wasm = Path.of("src/test/wat/process.wasm").toAbsolutePath();
        String manifest = "{\"name\": \"bench_process\", \"vm_config\": {\"path\": \"" + wasm + "\", \"mode\": \""
                + mode + "\"}, \"functions\": [{\"name\": \"counts\", \"kind\": \"process\", "
                + "\"params\": [\"ROW<k STRING, v INT, ts TIMESTAMP_LTZ(3)>\"], "
                + "\"returns\": \"ROW<window_end BIGINT, n BIGINT>\"}]}";
        Plugin plugin = PluginLoader.load(ManifestReader.read(manifest, "bench", "."), Files.readAllBytes(wasm));
        invoker = ProcessInvoker.open(
                plugin,
                "counts",
                WasmFunctionMetrics.register(new UnregisteredMetricsGroup(), "bench_process", "counts"));
        row = Row.of("k1", 42, Instant.ofEpochMilli(1_000));
    }

    @TearDown
    public void tearDown() {
        invoker.close();
    }

    /** Every 10 s of event time a window ends: its timer would fire; drop it as onTimer would. */
    private void advance() {
        time += 7;
        ctx.time = time;
        if (time % WINDOW < 7) {
            wasmState = null;
            javaState = null;
        }
    }

    @Benchmark
    public byte[] wasm() {
        advance();
        wasmState = invoker.process(wasmState, row, ctx);
        return wasmState;
    }

    @Benchmark
    public byte[] java() {
        advance();
        javaState = javaCounts(javaState, time, ctx);
        return javaState;
    }

    /** JavaCounts.eval on its own: find the row's window in the byte state and count it. */
    static byte[] javaCounts(byte[] old, long t, Counting ctx) {
        long end = (Math.floorDiv(t, WINDOW) + 1) * WINDOW;
        ByteBuffer in = ByteBuffer.wrap(old == null ? new byte[0] : old);
        for (int i = 0; i < in.limit(); i += 16) {
            if (in.getLong(i) == end) {
                byte[] copy = in.array().clone();
                ByteBuffer.wrap(copy).putLong(i + 8, in.getLong(i + 8) + 1);
                return copy;
            }
        }
        ctx.registerTimer(end - 1);
        return ByteBuffer.allocate(in.limit() + 16)
                .put(in)
                .putLong(end)
                .putLong(1)
                .array();
    }
}
