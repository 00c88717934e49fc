package io.github.flinkwasm.engine.chicory;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.engine.GuestFunction;
import io.github.flinkwasm.engine.NumbersCall;
import io.github.flinkwasm.engine.WasmInstance;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** A Chicory {@link Instance} behind {@link WasmInstance}. */
final class ChicoryInstance extends WasmInstance {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Instance instance;
    private Memory memory;
    private final WasiSandbox wasi;
    private final ChicoryModule module;

    /** Made before the Chicory instance so that host functions can capture it; see {@link #bind}. */
    ChicoryInstance(WasiSandbox wasi, ChicoryModule module) {
        this.wasi = wasi;
        this.module = module;
    }

    @Override
    protected NumbersCall numbersCall(String export) {
        return module.numbersCall(export);
    }

    void bind(Instance instance, boolean hasMemory) {
        this.instance = instance;
        this.memory = hasMemory ? instance.memory() : null;
    }

    @Override
    protected GuestFunction resolve(String export) {
        ExportFunction e;
        try {
            e = instance.export(export);
        } catch (RuntimeException ex) {
            throw new WasmCallException("the module has no exported function '" + export + "'", ex);
        }
        if (e == null) {
            throw new WasmCallException("the module has no exported function '" + export + "'");
        }
        return new ChicoryFunction(e, export);
    }

    @Override
    public int pages() {
        return memory == null ? 0 : memory.pages();
    }

    @Override
    public byte[] read(int ptr, int len) {
        return memory().readBytes(ptr, len);
    }

    /** Eight bytes at a time through Chicory's accessors, which have no copy into a given array. */
    @Override
    public void read(int ptr, byte[] dst, int offset, int len) {
        Memory m = memory();
        if (len < 8) {
            for (int k = 0; k < len; k++) {
                dst[offset + k] = m.read(ptr + k);
            }
            return;
        }
        for (int k = 0; k < len - 8; k += 8) {
            LONGS.set(dst, offset + k, m.readLong(ptr + k));
        }
        // the last eight bytes, overlapping the words before when the length is not a multiple of 8
        LONGS.set(dst, offset + len - 8, m.readLong(ptr + len - 8));
    }

    @Override
    public String readString(int ptr, int len) {
        return new String(memory().readBytes(ptr, len), StandardCharsets.UTF_8);
    }

    @Override
    public void write(int ptr, byte[] src, int offset, int len) {
        memory().write(ptr, src, offset, len);
    }

    @Override
    public int readInt(int ptr) {
        return memory().readInt(ptr);
    }

    @Override
    public long readLong(int ptr) {
        return memory().readLong(ptr);
    }

    @Override
    public void writeInt(int ptr, int value) {
        memory().writeI32(ptr, value);
    }

    @Override
    public void writeLong(int ptr, long value) {
        memory().writeLong(ptr, value);
    }

    @Override
    public long refusedGrowPages() {
        return memory instanceof CappedMemory ? Integer.toUnsignedLong(((CappedMemory) memory).refusedGrowPages()) : 0;
    }

    /** The Chicory instance, for {@link DirectCallTemplate}. */
    Instance chicory() {
        return instance;
    }

    /** Chicory's memory of the instance, null when it has none, for {@link DirectCallTemplate}. */
    Memory chicoryMemory() {
        return memory;
    }

    private Memory memory() {
        Memory m = memory;
        if (m == null) {
            throw new WasmCallException("the module has no linear memory");
        }
        return m;
    }

    @Override
    public void close() {
        if (wasi != null) {
            wasi.close();
        }
    }
}
