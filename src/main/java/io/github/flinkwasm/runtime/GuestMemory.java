package io.github.flinkwasm.runtime;

/**
 * The linear memory of one instance as a host function sees it. Addresses and lengths are unsigned
 * 32-bit values held in an {@code int}; out-of-range accesses throw. Not thread-safe.
 */
public interface GuestMemory {

    /** Pages of 64 KiB in use, 0 when the module has no memory. */
    int pages();

    /** A copy of {@code len} bytes at {@code ptr}. */
    byte[] read(int ptr, int len);

    /** Copies {@code len} bytes of {@code src} from {@code offset} to {@code ptr}. */
    void write(int ptr, byte[] src, int offset, int len);
}
