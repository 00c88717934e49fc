package io.github.flinkwasm.engine;

import org.apache.flink.annotation.Internal;

/**
 * The linear memory of one instance as host code sees it, plus the guest's allocator of the memory
 * ABI (SPEC section 3). Addresses and lengths are unsigned 32-bit values held in an {@code int}.
 * Out-of-range accesses throw. Not thread-safe.
 */
@Internal
public interface GuestMemory {

    /** Pages of 64 KiB in use, 0 when the module has no memory. */
    int pages();

    /** A copy of {@code len} bytes at {@code ptr}. */
    byte[] read(int ptr, int len);

    /** Copies {@code len} bytes at {@code ptr} into {@code dst} from {@code offset}; for short blocks. */
    void read(int ptr, byte[] dst, int offset, int len);

    /** The UTF-8 text of {@code len} bytes at {@code ptr}. */
    String readString(int ptr, int len);

    /** Copies {@code len} bytes of {@code src} from {@code offset} to {@code ptr}. */
    void write(int ptr, byte[] src, int offset, int len);

    /** The little-endian {@code i32} at {@code ptr}. */
    int readInt(int ptr);

    /** The little-endian {@code i64} at {@code ptr}. */
    long readLong(int ptr);

    void writeInt(int ptr, int value);

    void writeLong(int ptr, long value);

    /**
     * Calls the guest's {@code alloc(size)} and checks that the block lies inside linear memory.
     *
     * @throws io.github.flinkwasm.WasmCallException when the guest has no {@code alloc}, returns 0
     *     (out of memory) or a block outside memory
     */
    int alloc(int size);

    /** Calls the guest's {@code dealloc(ptr, size)}. */
    void dealloc(int ptr, int size);
}
