package io.github.flinkwasm.types;

import io.github.flinkwasm.engine.WasmInstance;
import org.apache.flink.annotation.Internal;

/**
 * The blocks allocated for one call's arguments, handed back with {@code dealloc} after the call.
 * Not thread-safe; one per invoker.
 */
@Internal
public final class ArgumentBlocks {
    private final int[] ptr;
    private final int[] len;
    private int count;

    public ArgumentBlocks(int max) {
        ptr = new int[max];
        len = new int[max];
    }

    /**
     * Copies bytes into a new block from the guest's {@code alloc}, records the block and puts its
     * {@code ptr, len} at {@code slot} of the argument array.
     *
     * @return the next slot
     */
    public int pass(byte[] src, int offset, int length, long[] args, int slot, WasmInstance instance) {
        int p = instance.alloc(length);
        ptr[count] = p;
        len[count] = length;
        count++;
        instance.write(p, src, offset, length);
        args[slot] = p;
        args[slot + 1] = length;
        return slot + 2;
    }

    /** True when the last call allocated blocks. */
    public boolean any() {
        return count > 0;
    }

    /** Hands every block back to the guest. */
    public void freeAll(WasmInstance instance) {
        for (int i = 0; i < count; i++) {
            instance.dealloc(ptr[i], len[i]);
        }
        count = 0;
    }

    /** Forgets the blocks (their instance is gone). */
    public void clear() {
        count = 0;
    }
}
