package io.github.flinkwasm.abi.extism;

import io.github.flinkwasm.WasmCallException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.flink.annotation.Internal;

/**
 * The memory an Extism plugin shares with its host, kept in a Java array: what Extism's own hosts
 * keep in a separate WebAssembly module, the "kernel". A plugin never sees this memory directly; it
 * asks for blocks ({@code alloc}), gets 64-bit offsets back, and moves bytes in and out with {@code
 * load_*} and {@code store_*}. The input, the output and the error message of a call are blocks too.
 *
 * <p>Offsets: 0 means "none" (a failed or empty allocation, a missing config key). Every block
 * starts at {@link #BASE} or above, so no block has offset 0. An offset is the index into the
 * backing array, which grows in 64 KiB pages up to a cap.
 *
 * <p>Allocation: blocks are laid out one after another in address order. {@code alloc} reuses the
 * first free block that is large enough (splitting off what it does not need) and otherwise bumps
 * the end. {@code free} merges a block with free neighbours and gives a free tail back to the bump
 * pointer. Blocks are zeroed when handed out. {@link #reset} frees everything at once, as the host
 * does before every call.
 *
 * <p>Bounds, matching the semantics of Extism's kernel with its bounds checks on: loads and stores
 * may touch any byte of the memory (a plugin may write past the end of its block, as the kernel
 * allows), but an offset outside the memory is a clean {@link WasmCallException}, never a JVM
 * exception; reads of the input past its end give 0; {@code length} of anything that is not the
 * start of a live block is 0.
 *
 * <p>Not thread-safe: one per instance.
 */
@Internal
public final class ExtismKernel {
    /** Offset of the first block; smaller offsets never name memory. */
    public static final int BASE = 64;

    static final int PAGE = 65536;
    /** A free block this much larger than a request is split. */
    private static final int SPLIT = 128;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final long maxBytes;
    private byte[] heap = new byte[PAGE];

    // the blocks, in address order: start offset, size, bytes in use, free or not
    private int[] start = new int[16];
    private int[] size = new int[16];
    private int[] used = new int[16];
    private boolean[] free = new boolean[16];
    private int count;
    /** End of the last block: where the next new block goes. */
    private int top = BASE;

    private long inputOffset;
    private long inputLength;
    private long outputOffset;
    private long outputLength;
    private long error;

    /**
     * @param maxBytes the most memory the plugin's blocks may take, at least one page
     */
    public ExtismKernel(long maxBytes) {
        this.maxBytes = Math.max(PAGE, Math.min(maxBytes, (long) Integer.MAX_VALUE - PAGE));
    }

    /** Frees every block and forgets the input, output and error: the state before a call. */
    public void reset() {
        count = 0;
        top = BASE;
        inputOffset = 0;
        inputLength = 0;
        outputOffset = 0;
        outputLength = 0;
        error = 0;
    }

    // ---- blocks

    /**
     * A new block of {@code n} zeroed bytes.
     *
     * @return its offset, 0 when {@code n} is 0
     * @throws WasmCallException when the memory cap does not leave room for it
     */
    public long alloc(long n) {
        if (n <= 0) {
            return 0; // as Extism's kernel: 0 bytes (or a negative i64, a huge u64) give no block
        }
        if (n > maxBytes) {
            throw full(n);
        }
        int len = (int) n;
        for (int i = 0; i < count; i++) {
            if (free[i] && size[i] >= len) {
                if (size[i] - len >= SPLIT) {
                    insert(i + 1, start[i] + len, size[i] - len, 0, true);
                    size[i] = len;
                }
                free[i] = false;
                used[i] = len;
                Arrays.fill(heap, start[i], start[i] + len, (byte) 0);
                return start[i];
            }
        }
        long end = (long) top + len;
        if (end > heap.length) {
            grow(end, n);
        }
        int at = top;
        insert(count, at, len, len, false);
        top = at + len;
        Arrays.fill(heap, at, at + len, (byte) 0);
        return at;
    }

    /** Frees the block that starts at this offset; anything else is ignored, as Extism does. */
    public void free(long offset) {
        int i = find(offset);
        if (i < 0) {
            return;
        }
        free[i] = true;
        used[i] = 0;
        if (offset == inputOffset) {
            inputLength = 0; // the input is gone
        }
        if (i + 1 < count && free[i + 1]) {
            size[i] += size[i + 1];
            remove(i + 1);
        }
        if (i > 0 && free[i - 1]) {
            size[i - 1] += size[i];
            remove(i);
            i--;
        }
        if (i == count - 1) {
            top = start[i];
            remove(i);
        }
    }

    /** Bytes in use of the live block that starts at this offset, 0 for any other offset. */
    public long length(long offset) {
        int i = find(offset);
        return i < 0 ? 0 : used[i];
    }

    /** The bytes of the live block at this offset, or null when there is none. */
    public byte[] bytes(long offset) {
        int i = find(offset);
        return i < 0 ? null : Arrays.copyOfRange(heap, start[i], start[i] + used[i]);
    }

    /** A new block holding these bytes; 0 for no bytes. */
    public long store(byte[] data) {
        long offset = alloc(data.length);
        if (offset != 0) {
            System.arraycopy(data, 0, heap, (int) offset, data.length);
        }
        return offset;
    }

    /** Bytes of memory the kernel holds now (its capacity, not what is in use). */
    public long memoryBytes() {
        return heap.length;
    }

    /** Live blocks now, for tests and metrics. */
    public int liveBlocks() {
        int n = 0;
        for (int i = 0; i < count; i++) {
            n += free[i] ? 0 : 1;
        }
        return n;
    }

    // ---- loads and stores

    public int loadU8(long offset) {
        check("load_u8", offset, 1);
        return heap[(int) offset] & 0xFF;
    }

    public long loadU64(long offset) {
        check("load_u64", offset, 8);
        return (long) LONGS.get(heap, (int) offset);
    }

    public void storeU8(long offset, int value) {
        check("store_u8", offset, 1);
        heap[(int) offset] = (byte) value;
    }

    public void storeU64(long offset, long value) {
        check("store_u64", offset, 8);
        LONGS.set(heap, (int) offset, value);
    }

    // ---- input, output, error

    /** Copies a call's input into a new block. */
    public void setInput(byte[] input) {
        inputOffset = store(input);
        inputLength = input.length;
    }

    /** Makes an existing block the input ({@code input_set}). */
    public void setInput(long offset, long length) {
        checkRange("input_set", offset, length);
        inputOffset = offset;
        inputLength = length;
    }

    public long inputOffset() {
        return inputOffset;
    }

    public long inputLength() {
        return inputLength;
    }

    /** A byte of the input; 0 past its end. */
    public int inputLoadU8(long offset) {
        if (offset < 0 || offset >= inputLength) {
            return 0;
        }
        return heap[(int) (inputOffset + offset)] & 0xFF;
    }

    /** Eight bytes of the input, little-endian; 0 when they reach past its end. */
    public long inputLoadU64(long offset) {
        if (offset < 0 || offset > inputLength - 8) {
            return 0;
        }
        return (long) LONGS.get(heap, (int) (inputOffset + offset));
    }

    /** Marks {@code length} bytes at {@code offset} as the output of the call. */
    public void setOutput(long offset, long length) {
        checkRange("output_set", offset, length);
        outputOffset = offset;
        outputLength = length;
    }

    public long outputOffset() {
        return outputOffset;
    }

    public long outputLength() {
        return outputLength;
    }

    /** A copy of the output, empty when none was set. */
    public byte[] output() {
        if (outputLength == 0) {
            return new byte[0];
        }
        return Arrays.copyOfRange(heap, (int) outputOffset, (int) (outputOffset + outputLength));
    }

    /** Sets the error message to the block at this offset; 0 clears it. */
    public void setError(long offset) {
        if (offset != 0) {
            check("error_set", offset, 1);
        }
        error = offset;
    }

    public long error() {
        return error;
    }

    /** The error message, or null when none is set (or it names no block, or an empty one). */
    public byte[] errorMessage() {
        if (error == 0) {
            return null;
        }
        byte[] message = bytes(error);
        return message == null || message.length == 0 ? null : message;
    }

    // ---- internals

    /** Index of the live block starting at this offset, or -1. */
    private int find(long offset) {
        if (offset < BASE || offset >= top) {
            return -1;
        }
        int lo = 0;
        int hi = count - 1;
        int key = (int) offset;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int s = start[mid];
            if (s < key) {
                lo = mid + 1;
            } else if (s > key) {
                hi = mid - 1;
            } else {
                return free[mid] ? -1 : mid;
            }
        }
        return -1;
    }

    private void check(String what, long offset, int width) {
        if (offset < BASE || offset > heap.length - width) {
            throw outside(what, offset, width);
        }
    }

    private void checkRange(String what, long offset, long length) {
        if (length == 0) {
            return;
        }
        if (length < 0 || offset < BASE || offset > heap.length - length) {
            throw new WasmCallException("extism:host/env." + what + " got the range [offset "
                    + Long.toUnsignedString(offset)
                    + ", length " + Long.toUnsignedString(length) + "], which lies outside the Extism memory [" + BASE
                    + ", " + heap.length + ")");
        }
    }

    private WasmCallException outside(String what, long offset, int width) {
        return new WasmCallException("extism:host/env." + what + " at offset " + Long.toUnsignedString(offset)
                + (offset == 0 ? " (0, no block: a failed or empty alloc?)" : "") + ": " + width
                + (width == 1 ? " byte" : " bytes") + " outside the Extism memory [" + BASE + ", " + heap.length
                + ")");
    }

    private void grow(long end, long request) {
        if (end > maxBytes) {
            throw full(request);
        }
        long pages = (end + PAGE - 1) / PAGE;
        long doubled = Math.min(Math.max(pages * PAGE, (long) heap.length * 2), maxBytes / PAGE * PAGE);
        heap = Arrays.copyOf(heap, (int) Math.max(doubled, pages * PAGE));
    }

    private WasmCallException full(long request) {
        long inUse = 0;
        for (int i = 0; i < count; i++) {
            inUse += free[i] ? 0 : size[i];
        }
        return new WasmCallException("extism:host/env.alloc(" + Long.toUnsignedString(request)
                + ") does not fit: the plugin's Extism memory holds " + inUse + " bytes in " + liveBlocks()
                + " blocks, and its cap is " + maxBytes + " bytes (vm_config.max_memory_pages)");
    }

    private void insert(int at, int s, int sz, int u, boolean f) {
        if (count == start.length) {
            int n = count * 2;
            start = Arrays.copyOf(start, n);
            size = Arrays.copyOf(size, n);
            used = Arrays.copyOf(used, n);
            free = Arrays.copyOf(free, n);
        }
        int tail = count - at;
        if (tail > 0) {
            System.arraycopy(start, at, start, at + 1, tail);
            System.arraycopy(size, at, size, at + 1, tail);
            System.arraycopy(used, at, used, at + 1, tail);
            System.arraycopy(free, at, free, at + 1, tail);
        }
        start[at] = s;
        size[at] = sz;
        used[at] = u;
        free[at] = f;
        count++;
    }

    private void remove(int at) {
        int tail = count - at - 1;
        if (tail > 0) {
            System.arraycopy(start, at + 1, start, at, tail);
            System.arraycopy(size, at + 1, size, at, tail);
            System.arraycopy(used, at + 1, used, at, tail);
            System.arraycopy(free, at + 1, free, at, tail);
        }
        count--;
    }
}
