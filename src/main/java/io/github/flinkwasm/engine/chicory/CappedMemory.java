package io.github.flinkwasm.engine.chicory;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;

/**
 * Linear memory capped at the plugin's {@code max_memory_pages} that remembers a refused {@code
 * memory.grow}, so that a guest which traps after running out of memory can be told it hit the
 * cap. Everything else goes straight to Chicory's {@link ByteArrayMemory} (one more inlined call
 * per access): it is final, so this class wraps it and forwards each abstract method of {@link
 * Memory}, and {@code copy} and {@code initialize}, which it implements faster than the defaults.
 * The atomic operations keep {@link Memory}'s defaults, which lock through {@link #lock}: an
 * instance and its memory are used by one thread at a time, so they give the same results as
 * Chicory's own. Not thread-safe beyond what the memory itself is: one instance per thread.
 */
final class CappedMemory implements Memory {
    private final ByteArrayMemory memory;
    /** Pages of the last refused {@code memory.grow}, 0 when none was refused. */
    private int refusedDelta;
    /** Pages the memory had when that grow was refused. */
    private int refusedAt;

    CappedMemory(MemoryLimits limits) {
        this.memory = new ByteArrayMemory(limits);
    }

    /** The pages a refused {@code memory.grow} asked for, or 0 when every grow succeeded. */
    int refusedGrowPages() {
        return refusedDelta;
    }

    /** The size in pages at the refused grow. */
    int refusedGrowAt() {
        return refusedAt;
    }

    @Override
    public int grow(int delta) {
        int before = memory.grow(delta);
        if (before < 0) {
            refusedAt = memory.pages();
            refusedDelta = delta;
        }
        return before;
    }

    @Override
    public Object lock(int a0) {
        return memory.lock(a0);
    }

    @Override
    public int waitOn(int a0, int a1, long a2) {
        return memory.waitOn(a0, a1, a2);
    }

    @Override
    public int waitOn(int a0, long a1, long a2) {
        return memory.waitOn(a0, a1, a2);
    }

    @Override
    public int notify(int a0, int a1) {
        return memory.notify(a0, a1);
    }

    @Override
    public int pages() {
        return memory.pages();
    }

    @Override
    public int initialPages() {
        return memory.initialPages();
    }

    @Override
    public int maximumPages() {
        return memory.maximumPages();
    }

    @Override
    public boolean shared() {
        return memory.shared();
    }

    @Override
    public void initialize(Instance a0, DataSegment[] a1) {
        memory.initialize(a0, a1);
    }

    @Override
    public void initialize(Instance a0, DataSegment[] a1, int a2) {
        memory.initialize(a0, a1, a2);
    }

    @Override
    public void initPassiveSegment(int a0, int a1, int a2, int a3) {
        memory.initPassiveSegment(a0, a1, a2, a3);
    }

    @Override
    public void write(int a0, byte[] a1, int a2, int a3) {
        memory.write(a0, a1, a2, a3);
    }

    @Override
    public byte read(int a0) {
        return memory.read(a0);
    }

    @Override
    public byte[] readBytes(int a0, int a1) {
        return memory.readBytes(a0, a1);
    }

    @Override
    public void writeI32(int a0, int a1) {
        memory.writeI32(a0, a1);
    }

    @Override
    public int readInt(int a0) {
        return memory.readInt(a0);
    }

    @Override
    public void writeLong(int a0, long a1) {
        memory.writeLong(a0, a1);
    }

    @Override
    public long readLong(int a0) {
        return memory.readLong(a0);
    }

    @Override
    public void writeShort(int a0, short a1) {
        memory.writeShort(a0, a1);
    }

    @Override
    public short readShort(int a0) {
        return memory.readShort(a0);
    }

    @Override
    public long readU16(int a0) {
        return memory.readU16(a0);
    }

    @Override
    public void writeByte(int a0, byte a1) {
        memory.writeByte(a0, a1);
    }

    @Override
    public void writeF32(int a0, float a1) {
        memory.writeF32(a0, a1);
    }

    @Override
    public long readF32(int a0) {
        return memory.readF32(a0);
    }

    @Override
    public float readFloat(int a0) {
        return memory.readFloat(a0);
    }

    @Override
    public void writeF64(int a0, double a1) {
        memory.writeF64(a0, a1);
    }

    @Override
    public double readDouble(int a0) {
        return memory.readDouble(a0);
    }

    @Override
    public long readF64(int a0) {
        return memory.readF64(a0);
    }

    @Override
    public void zero() {
        memory.zero();
    }

    @Override
    public void fill(byte a0, int a1, int a2) {
        memory.fill(a0, a1, a2);
    }

    @Override
    public void copy(int a0, int a1, int a2) {
        memory.copy(a0, a1, a2);
    }

    @Override
    public void drop(int a0) {
        memory.drop(a0);
    }
}
