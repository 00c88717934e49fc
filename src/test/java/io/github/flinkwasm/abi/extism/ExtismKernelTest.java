package io.github.flinkwasm.abi.extism;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkwasm.WasmCallException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The semantics of the Extism memory: allocation, reuse, lengths, bounds, input/output, the cap. */
class ExtismKernelTest {
    private static final long MIB = 1 << 20;

    @Test
    void shouldHandOutDistinctNonZeroBlocksAndNothingForZeroBytes() {
        ExtismKernel k = new ExtismKernel(MIB);
        long a = k.alloc(10);
        long b = k.alloc(3);
        assertThat(a).isGreaterThanOrEqualTo(ExtismKernel.BASE);
        assertThat(b).isGreaterThanOrEqualTo(a + 10);
        assertThat(k.alloc(0)).isZero();
        assertThat(k.alloc(-1)).as("a u64 above 2^63").isZero();
        assertThat(k.length(a)).isEqualTo(10);
        assertThat(k.length(b)).isEqualTo(3);
        assertThat(k.liveBlocks()).isEqualTo(2);
    }

    @Test
    void shouldGiveLengthZeroForAnythingButTheStartOfALiveBlock() {
        ExtismKernel k = new ExtismKernel(MIB);
        long a = k.alloc(16);
        k.alloc(16);
        assertThat(k.length(0)).isZero();
        assertThat(k.length(a + 1)).as("inside a block").isZero();
        assertThat(k.length(a - 1)).isZero();
        assertThat(k.length(1L << 40)).as("far outside").isZero();
        assertThat(k.length(-1)).isZero();
        k.free(a);
        assertThat(k.length(a)).as("freed").isZero();
        assertThat(k.bytes(a)).isNull();
    }

    @Test
    void shouldReuseFreedBlocksAndGiveTheTailBack() {
        ExtismKernel k = new ExtismKernel(MIB);
        long a = k.alloc(100);
        long b = k.alloc(100);
        long c = k.alloc(100);
        k.free(b);
        assertThat(k.alloc(80)).as("first fit reuses b").isEqualTo(b);
        assertThat(k.length(b)).isEqualTo(80);
        k.free(b);
        k.free(a);
        // a and b merged: a request larger than either fits at a
        assertThat(k.alloc(150)).isEqualTo(a);
        // a large free block is split: the rest stays free for the next request
        long d = k.alloc(1000);
        k.free(d);
        assertThat(k.alloc(1000)).as("the freed tail went back to the end").isEqualTo(d);
        long e = k.alloc(400);
        long f = k.alloc(50);
        k.free(e);
        long g = k.alloc(100);
        assertThat(g).isEqualTo(e);
        assertThat(k.alloc(200)).as("the split remainder of e").isEqualTo(e + 100);
        assertThat(k.length(c)).isEqualTo(100);
        assertThat(k.length(f)).isEqualTo(50);
    }

    @Test
    void shouldZeroBlocksWhenHandingThemOut() {
        ExtismKernel k = new ExtismKernel(MIB);
        long a = k.alloc(8);
        k.storeU64(a, -1L);
        k.free(a);
        long b = k.alloc(8);
        assertThat(b).isEqualTo(a);
        assertThat(k.loadU64(b)).isZero();
    }

    @Test
    void shouldLoadAndStoreLittleEndian() {
        ExtismKernel k = new ExtismKernel(MIB);
        long a = k.alloc(16);
        k.storeU64(a, 0x0807060504030201L);
        assertThat(k.loadU8(a)).isEqualTo(1);
        assertThat(k.loadU8(a + 7)).isEqualTo(8);
        k.storeU8(a + 8, 0xFF);
        assertThat(k.loadU8(a + 8)).isEqualTo(255);
        assertThat(k.loadU64(a + 1)).isEqualTo(0xFF08070605040302L);
        assertThat(k.bytes(a)).hasSize(16);
    }

    @Test
    void shouldReportAccessesOutsideTheMemoryAsCleanErrors() {
        ExtismKernel k = new ExtismKernel(MIB);
        long a = k.alloc(8);
        assertThatThrownBy(() -> k.loadU64(0))
                .isInstanceOf(WasmCallException.class)
                .hasMessageContaining("load_u64 at offset 0")
                .hasMessageContaining("failed or empty alloc");
        assertThatThrownBy(() -> k.storeU8(1L << 33, 1))
                .isInstanceOf(WasmCallException.class)
                .hasMessageContaining("store_u8 at offset 8589934592")
                .hasMessageContaining("outside the Extism memory");
        assertThatThrownBy(() -> k.loadU64(k.memoryBytes() - 4))
                .isInstanceOf(WasmCallException.class)
                .hasMessageContaining("8 bytes outside");
        assertThatThrownBy(() -> k.storeU64(-8, 1)).isInstanceOf(WasmCallException.class);
        assertThatThrownBy(() -> k.setOutput(a, 1L << 40))
                .isInstanceOf(WasmCallException.class)
                .hasMessageContaining("output_set");
        // past the end of a block but inside the memory: allowed, as Extism's kernel allows it
        k.storeU64(a + 8, 42);
        assertThat(k.loadU64(a + 8)).isEqualTo(42);
    }

    @Test
    void shouldReadTheInputAndGiveZeroPastItsEnd() {
        ExtismKernel k = new ExtismKernel(MIB);
        k.setInput("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(k.inputLength()).isEqualTo(5);
        assertThat(k.length(k.inputOffset())).isEqualTo(5);
        assertThat((char) k.inputLoadU8(1)).isEqualTo('e');
        assertThat(k.inputLoadU8(5)).isZero();
        assertThat(k.inputLoadU8(-1)).isZero();
        assertThat(k.inputLoadU64(0)).as("8 bytes reach past a 5-byte input").isZero();
        k.setInput("0123456789".getBytes(StandardCharsets.UTF_8));
        assertThat(k.inputLoadU64(2)).isEqualTo(0x3938373635343332L);
        assertThat(k.inputLoadU64(3)).isZero();
        k.free(k.inputOffset());
        assertThat(k.inputLength()).as("freeing the input forgets it").isZero();
    }

    @Test
    void shouldTakeOutputAndErrorFromBlocks() {
        ExtismKernel k = new ExtismKernel(MIB);
        assertThat(k.output()).isEmpty();
        long out = k.store("result".getBytes(StandardCharsets.UTF_8));
        k.setOutput(out, 3);
        assertThat(new String(k.output(), StandardCharsets.UTF_8)).isEqualTo("res");
        k.setOutput(0, 0);
        assertThat(k.output()).isEmpty();
        assertThat(k.errorMessage()).isNull();
        long err = k.store("broken".getBytes(StandardCharsets.UTF_8));
        k.setError(err);
        assertThat(new String(k.errorMessage(), StandardCharsets.UTF_8)).isEqualTo("broken");
        k.setError(err + 1);
        assertThat(k.errorMessage()).as("not a block: no message, as in Extism").isNull();
        k.setError(0);
        assertThat(k.errorMessage()).isNull();
    }

    @Test
    void shouldForgetEverythingOnReset() {
        ExtismKernel k = new ExtismKernel(MIB);
        k.setInput(new byte[] {1, 2, 3});
        long a = k.alloc(100);
        k.setOutput(a, 10);
        k.setError(a);
        k.reset();
        assertThat(k.liveBlocks()).isZero();
        assertThat(k.inputLength()).isZero();
        assertThat(k.output()).isEmpty();
        assertThat(k.errorMessage()).isNull();
        assertThat(k.length(a)).isZero();
        assertThat(k.alloc(10)).as("allocation starts over").isEqualTo(ExtismKernel.BASE);
    }

    @Test
    void shouldGrowUpToTheCapAndNoFurther() {
        ExtismKernel k = new ExtismKernel(4 * ExtismKernel.PAGE);
        long a = k.alloc(3 * ExtismKernel.PAGE);
        assertThat(a).isNotZero();
        k.storeU8(a + 3 * ExtismKernel.PAGE - 1, 7);
        assertThat(k.memoryBytes()).isLessThanOrEqualTo(4 * ExtismKernel.PAGE);
        assertThatThrownBy(() -> k.alloc(ExtismKernel.PAGE))
                .isInstanceOf(WasmCallException.class)
                .hasMessageContaining("alloc(65536) does not fit")
                .hasMessageContaining("cap is 262144 bytes (vm_config.max_memory_pages)");
        assertThatThrownBy(() -> k.alloc(Long.MAX_VALUE)).isInstanceOf(WasmCallException.class);
        k.free(a);
        assertThat(k.alloc(ExtismKernel.PAGE))
                .as("freed memory is usable again")
                .isEqualTo(a);
    }

    @Test
    void shouldKeepManyBlocksInOrder() {
        ExtismKernel k = new ExtismKernel(16 * MIB);
        long[] blocks = new long[1000];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = k.alloc(1 + i % 37);
            k.storeU8(blocks[i], i & 0xFF);
        }
        for (int i = 0; i < blocks.length; i += 2) {
            k.free(blocks[i]);
        }
        for (int i = 1; i < blocks.length; i += 2) {
            assertThat(k.length(blocks[i])).isEqualTo(1 + i % 37);
            assertThat(k.loadU8(blocks[i])).isEqualTo(i & 0xFF);
        }
        assertThat(k.liveBlocks()).isEqualTo(500);
    }
}
