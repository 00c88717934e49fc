package io.github.flinkwasm.engine;

import io.github.flinkwasm.WasmCallException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.annotation.Internal;

/**
 * One instantiated module: its own linear memory, globals and (when granted) WASI state, and the
 * helpers of the memory ABI (SPEC section 3) that every engine shares. Not thread-safe: one thread
 * at a time, as a Flink subtask drives its functions. Cheap to discard and create again from its
 * {@link CompiledModule}.
 *
 * <p>An engine implements the primitives ({@link #resolve}, the memory accessors, {@link
 * #close}); the ABI checks live here once.
 */
@Internal
public abstract class WasmInstance implements GuestMemory, AutoCloseable {
    private static final long PAGE = 65536L;

    private final Map<String, GuestFunction> functions = new HashMap<>();
    private GuestFunction alloc;
    private GuestFunction dealloc;
    private NumbersCall allocCall;
    private NumbersCall deallocCall;
    private final long[] oneArg = new long[1];
    private final long[] twoArgs = new long[2];

    protected WasmInstance() {}

    /**
     * The exported function with this name, looked up in the module.
     *
     * @throws WasmCallException when the module exports no function of this name
     */
    protected abstract GuestFunction resolve(String export);

    /** The exported function with this name; resolved once and cached. */
    public final GuestFunction function(String export) {
        GuestFunction f = functions.get(export);
        if (f == null) {
            f = resolve(export);
            functions.put(export, f);
        }
        return f;
    }

    /** Pages of linear memory now in use, 0 when the module has none. */
    public final int memoryPages() {
        return pages();
    }

    /**
     * Pages a {@code memory.grow} of this instance asked for beyond its cap, or 0 when no grow
     * was refused (or the engine cannot tell).
     */
    public long refusedGrowPages() {
        return 0;
    }

    @Override
    public final int alloc(int size) {
        NumbersCall fast = allocCall;
        int ptr;
        if (fast != null) {
            ptr = (int) fast.call(this, size);
        } else {
            GuestFunction a = alloc;
            if (a == null) {
                a = alloc = function("alloc");
                allocCall = direct("alloc", 1);
            }
            oneArg[0] = size;
            ptr = (int) a.call(oneArg)[0];
        }
        if (ptr == 0 && size > 0) {
            throw new WasmCallException("guest alloc(" + size + ") returned 0: the guest is out of memory");
        }
        if (!inMemory(ptr, size)) {
            throw outside("alloc(" + size + ") returned", ptr, size);
        }
        return ptr;
    }

    @Override
    public final void dealloc(int ptr, int size) {
        NumbersCall fast = deallocCall;
        if (fast != null) {
            fast.call(this, ptr, size);
            return;
        }
        GuestFunction d = dealloc;
        if (d == null) {
            d = dealloc = function("dealloc");
            deallocCall = direct("dealloc", 2);
        }
        twoArgs[0] = ptr;
        twoArgs[1] = size;
        d.call(twoArgs);
    }

    /**
     * Export {@code export} as a {@link NumbersCall} of this arity, or null when the engine has
     * none (then {@link #function} is the way). Engines that can call exports directly override
     * it; the memory ABI's {@code alloc} and {@code dealloc}, called for every value that crosses
     * in memory, take it from their second call on.
     */
    protected NumbersCall numbersCall(String export) {
        return null;
    }

    private NumbersCall direct(String export, int arity) {
        NumbersCall call = numbersCall(export);
        return call != null && call.arity() == arity ? call : null;
    }

    /** Copies bytes into a new block from the guest's {@code alloc}; returns its address. */
    public final int allocAndWrite(byte[] src, int offset, int len) {
        int ptr = alloc(len);
        write(ptr, src, offset, len);
        return ptr;
    }

    /**
     * Copies out a result packed as {@code (ptr << 32) | len}, after checking it against linear
     * memory, and hands the block back to the guest's {@code dealloc}. The caller handles the
     * reserved value {@code -1} (SQL NULL) before.
     *
     * @param what names the export in a message, such as {@code plugin 'p' function 'f'}
     */
    public final byte[] takePacked(long packed, String what) {
        int ptr = (int) (packed >>> 32);
        int len = (int) packed;
        if (!inMemory(ptr, len)) {
            throw outside(what + " returned", ptr, len);
        }
        byte[] out = read(ptr, len);
        if (len > 0 || ptr != 0) {
            dealloc(ptr, len);
        }
        return out;
    }

    /**
     * {@link #takePacked(long, String)} into {@code into} when the result fits in it: returns the
     * result's length, or -1 when it is longer (then nothing was read or handed back).
     */
    public final int takePacked(long packed, String what, byte[] into) {
        int ptr = (int) (packed >>> 32);
        int len = (int) packed;
        if (Integer.toUnsignedLong(len) > into.length) {
            return -1;
        }
        if (!inMemory(ptr, len)) {
            throw outside(what + " returned", ptr, len);
        }
        read(ptr, into, 0, len);
        if (len > 0 || ptr != 0) {
            dealloc(ptr, len);
        }
        return len;
    }

    // the check runs on every row, so the message is built only when it fails
    private boolean inMemory(int ptr, int len) {
        return Integer.toUnsignedLong(ptr) + Integer.toUnsignedLong(len) <= pages() * PAGE;
    }

    private WasmCallException outside(String what, int ptr, int len) {
        return new WasmCallException(what + " the block [ptr=" + Integer.toUnsignedLong(ptr) + ", len="
                + Integer.toUnsignedLong(len) + "], which lies outside linear memory (" + pages() * PAGE
                + " bytes)");
    }

    /** Releases the instance's resources (WASI files, scratch folders). It must not be used afterwards. */
    @Override
    public abstract void close();
}
