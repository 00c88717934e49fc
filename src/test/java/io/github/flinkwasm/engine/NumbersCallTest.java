package io.github.flinkwasm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkwasm.GuestInterruptedException;
import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.manifest.ExecutionMode;
import io.github.flinkwasm.manifest.WasiConfig;
import io.github.flinkwasm.testing.TestPlugins;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The direct calls of numbers-only exports against the same exports called through {@link
 * GuestFunction#call}: the same results for every number type, the same errors, the same
 * interruption, one shared call per export of a module.
 */
class NumbersCallTest {
    private static final List<HostFunction> HOST = List.of(new HostFunction(
            "test", "twice", List.of(WasmType.I32), List.of(WasmType.I32), (memory, args) -> new long[] {2 * args[0]}));

    private static CompiledModule compiled;
    private static CompiledModule interpreted;

    @BeforeAll
    static void compile() throws Exception {
        byte[] wasm = Files.readAllBytes(TestPlugins.testModule("numbers"));
        WasmEngine engine = WasmEngines.get(WasmEngines.DEFAULT);
        compiled = engine.compile(wasm, WasmEngines.digest(wasm), ExecutionMode.COMPILED);
        interpreted = engine.compile(wasm, WasmEngines.digest(wasm), ExecutionMode.INTERPRETED);
    }

    private static WasmInstance instantiate(CompiledModule module) {
        return module.instantiate(new InstanceOptions("numbers", 16, WasiConfig.DISABLED, HOST, new StopSignal()));
    }

    @Test
    void shouldGiveTheSameBitsAsTheExportForEveryNumberType() {
        try (WasmInstance instance = instantiate(compiled)) {
            long[] ints = {0, 1, -1, 41, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xFFFF_FFFFL, 0x1_0000_0001L};
            for (long a : ints) {
                for (long b : ints) {
                    same(instance, "add", a, b);
                    same(instance, "neg", a);
                    same(instance, "neg", a * 0x1_0000_0003L);
                }
            }
            long[] floats = {
                Float.floatToRawIntBits(1.5f),
                Float.floatToRawIntBits(-0.0f),
                Float.floatToRawIntBits(Float.MAX_VALUE),
                Float.floatToRawIntBits(Float.NaN),
                0x7fc0_1234L, // a NaN with a payload
                Float.floatToRawIntBits(Float.MIN_VALUE) & 0xFFFF_FFFFL
            };
            for (long a : floats) {
                for (long b : floats) {
                    same(instance, "mul", a, b);
                }
            }
            long[] doubles = {
                Double.doubleToRawLongBits(3.25),
                Double.doubleToRawLongBits(-0.0),
                Double.doubleToRawLongBits(0.0),
                Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY),
                Double.doubleToRawLongBits(Double.MIN_VALUE)
            };
            for (long a : doubles) {
                for (long b : doubles) {
                    same(instance, "div", a, b);
                    same(instance, "mixed", -7, 1L << 40, a);
                }
            }
            same(instance, "answer");
            same(instance, "host", 21); // a function of the module that calls a host function
            assertThat(compiled.numbersCall("host").call(instance, 21)).isEqualTo(42);
        }
    }

    private static void same(WasmInstance instance, String export, long... args) {
        NumbersCall direct = compiled.numbersCall(export);
        assertThat(direct).as(export).isNotNull();
        assertThat(direct.arity()).isEqualTo(args.length);
        long viaExport = instance.function(export).call(args.clone())[0];
        long viaDirect = switch (args.length) {
            case 0 -> direct.call(instance);
            case 1 -> direct.call(instance, args[0]);
            case 2 -> direct.call(instance, args[0], args[1]);
            default -> direct.call(instance, args[0], args[1], args[2]);
        };
        // Chicory's own results sign-extend i32 and f32 bits: compare what a reader sees
        assertThat(viaDirect)
                .as("%s%s", export, java.util.Arrays.toString(args))
                .isEqualTo(viaExport);
    }

    @Test
    void shouldShareOneCallPerExportBetweenInstancesEachWithItsOwnState() {
        try (WasmInstance one = instantiate(compiled);
                WasmInstance two = instantiate(compiled)) {
            NumbersCall remember = compiled.numbersCall("remember");
            assertThat(compiled.numbersCall("remember")).isSameAs(remember);
            assertThat(remember.call(one, 7)).isZero(); // no result
            assertThat(remember.call(two, 9)).isZero();
            assertThat(compiled.numbersCall("last").call(one)).isEqualTo(7);
            assertThat(one.readInt(16)).isEqualTo(7);
            assertThat(two.function("last").call(new long[0])[0]).isEqualTo(9);
            assertThat(two.readInt(16)).isEqualTo(9);
        }
    }

    @Test
    void shouldHaveNoneWhereTheExportPathIsTheOnlyOne() {
        try (WasmInstance instance = instantiate(interpreted)) {
            assertThat(instance.function("add").call(new long[] {2, 3})[0]).isEqualTo(5);
            assertThat(interpreted.numbersCall("add")).as("interpreted").isNull();
        }
        try (WasmInstance instance = instantiate(compiled)) {
            assertThat(compiled.numbersCall("twice_again"))
                    .as("a host function exported again")
                    .isNull();
            assertThat(compiled.numbersCall("four")).as("four parameters").isNull();
            assertThat(compiled.numbersCall("memory")).as("not a function").isNull();
            assertThat(compiled.numbersCall("nope")).isNull();
            assertThat(instance.function("four").call(new long[] {1, 2, 3, 4})[0])
                    .isEqualTo(10);
        }
    }

    @Test
    void shouldReportTrapsAsTheExportDoes() {
        try (WasmInstance instance = instantiate(compiled)) {
            NumbersCall trap = compiled.numbersCall("trap");
            assertThat(trap.call(instance, 5)).isEqualTo(5);
            String viaExport = message(() -> instance.function("trap").call(new long[] {-1}));
            assertThatThrownBy(() -> trap.call(instance, -1))
                    .isInstanceOf(WasmCallException.class)
                    .hasMessage(viaExport)
                    .hasMessageStartingWith("trap in export 'trap': ");
        }
        try (WasmInstance instance = instantiate(compiled)) {
            assertThatThrownBy(() -> compiled.numbersCall("recurse").call(instance, 0))
                    .isInstanceOf(WasmCallException.class)
                    .hasMessage("trap in export 'recurse': call stack exhausted");
        }
    }

    private static String message(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("no exception");
    }

    @Test
    void shouldStopWhenTheThreadIsInterrupted() throws Exception {
        try (WasmInstance instance = instantiate(compiled)) {
            NumbersCall spin = compiled.numbersCall("spin");
            Thread caller = Thread.currentThread();
            Thread interrupter = new Thread(() -> {
                try {
                    TimeUnit.MILLISECONDS.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
                caller.interrupt();
            });
            interrupter.start();
            try {
                assertThatThrownBy(() -> spin.call(instance, 0))
                        .isInstanceOf(GuestInterruptedException.class)
                        .hasMessage("export 'spin' was interrupted");
            } finally {
                interrupter.join();
                Thread.interrupted();
            }
        }
    }
}
