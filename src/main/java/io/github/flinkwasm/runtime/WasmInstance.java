package io.github.flinkwasm.runtime;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiPreview1;
import io.github.flinkwasm.WasmCallException;
import java.util.HashMap;
import java.util.Map;

/**
 * One instantiated module: its own linear memory, globals and (when granted) WASI state. Not
 * thread-safe: one thread at a time, as a Flink subtask drives its functions. Cheap to discard
 * and create again from its {@link CompiledModule}.
 */
public final class WasmInstance implements AutoCloseable {
    private final Instance instance;
    private final Memory memory;
    private final WasiPreview1 wasi;
    private final HostEnvironment host;
    private final Map<String, GuestFunction> functions = new HashMap<>();
    private GuestFunction alloc;
    private GuestFunction dealloc;
    private final long[] oneArg = new long[1];
    private final long[] twoArgs = new long[2];

    WasmInstance(Instance instance, Memory memory, WasiPreview1 wasi, HostEnvironment host) {
        this.instance = instance;
        this.memory = memory;
        this.wasi = wasi;
        this.host = host;
    }

    /** The exported function with this name; resolved once and cached. */
    public GuestFunction function(String export) {
        GuestFunction f = functions.get(export);
        if (f == null) {
            ExportFunction e = instance.export(export);
            f = new GuestFunction(e, export);
            functions.put(export, f);
        }
        return f;
    }

    /** Names the SQL function being called, for guest log lines. */
    public void currentFunction(String sqlName) {
        host.currentFunction = sqlName;
    }

    /** Pages of linear memory now in use, 0 when the module has none. */
    public int memoryPages() {
        return memory == null ? 0 : memory.pages();
    }

    /**
     * Pages a {@code memory.grow} of this instance asked for beyond its cap, or 0 when no grow
     * was refused.
     */
    public long refusedGrowPages() {
        return memory instanceof CappedMemory ? Integer.toUnsignedLong(((CappedMemory) memory).refusedGrowPages()) : 0;
    }

    /**
     * Calls the guest's {@code alloc(size)} and checks that the block lies inside linear memory.
     */
    public int alloc(int size) {
        if (alloc == null) {
            alloc = function("alloc");
        }
        oneArg[0] = size;
        long[] r = alloc.call(oneArg);
        int ptr = (int) r[0];
        if (ptr == 0 && size > 0) {
            throw new WasmCallException("guest alloc(" + size + ") returned 0: the guest is out of memory");
        }
        if (!inMemory(ptr, size)) {
            throw outside("alloc(" + size + ") returned", ptr, size);
        }
        return ptr;
    }

    /** Calls the guest's {@code dealloc(ptr, size)}. */
    public void dealloc(int ptr, int size) {
        if (dealloc == null) {
            dealloc = function("dealloc");
        }
        twoArgs[0] = ptr;
        twoArgs[1] = size;
        dealloc.call(twoArgs);
    }

    /** Copies {@code len} bytes of {@code src} into linear memory at {@code ptr}. */
    public void write(int ptr, byte[] src, int offset, int len) {
        memory.write(ptr, src, offset, len);
    }

    /**
     * Copies out a result packed as {@code (ptr << 32) | len}, after checking it against linear
     * memory, and hands the block back to the guest's {@code dealloc}.
     */
    public byte[] takePacked(long packed, String what) {
        int ptr = (int) (packed >>> 32);
        int len = (int) packed;
        if (!inMemory(ptr, len)) {
            throw outside(what + " returned", ptr, len);
        }
        byte[] out = memory.readBytes(ptr, len);
        if (len > 0 || ptr != 0) {
            dealloc(ptr, len);
        }
        return out;
    }

    // the check runs on every row, so the message is built only when it fails
    private boolean inMemory(int ptr, int len) {
        long size = memory == null ? 0 : (long) memory.pages() * 65536L;
        return Integer.toUnsignedLong(ptr) + Integer.toUnsignedLong(len) <= size;
    }

    private WasmCallException outside(String what, int ptr, int len) {
        long size = memory == null ? 0 : (long) memory.pages() * 65536L;
        return new WasmCallException(what + " the block [ptr=" + Integer.toUnsignedLong(ptr) + ", len="
                + Integer.toUnsignedLong(len) + "], which lies outside linear memory (" + size + " bytes)");
    }

    /** Releases WASI resources (open files). The instance must not be used afterwards. */
    @Override
    public void close() {
        if (wasi != null) {
            wasi.close();
        }
        host.close();
    }
}
