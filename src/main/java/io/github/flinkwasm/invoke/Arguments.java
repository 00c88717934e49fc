package io.github.flinkwasm.invoke;

import io.github.flinkwasm.engine.WasmInstance;
import io.github.flinkwasm.plugin.ValueKind;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.apache.flink.core.memory.MemorySegment;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * Writes SQL argument values as WebAssembly arguments (SPEC section 3). Values that pass through
 * linear memory are copied once, straight into a block from the guest's {@code alloc}, and the
 * block is recorded so that the invoker hands it back with {@code dealloc} after the call.
 */
final class Arguments {

    /** Writes one argument at {@code slot} of the argument array; returns the next slot. */
    interface Writer {
        int write(Object value, long[] args, int slot, WasmInstance instance, Blocks blocks);
    }

    /** The blocks allocated for one call's arguments. */
    static final class Blocks {
        final int[] ptr;
        final int[] len;
        int count;

        Blocks(int max) {
            ptr = new int[max];
            len = new int[max];
        }

        void add(int p, int l) {
            ptr[count] = p;
            len[count] = l;
            count++;
        }

        void freeAll(WasmInstance instance) {
            for (int i = 0; i < count; i++) {
                instance.dealloc(ptr[i], len[i]);
            }
            count = 0;
        }
    }

    private Arguments() {
        // no instances
    }

    static Writer writer(ValueKind kind, LogicalType type) {
        if (!kind.inMemory()) {
            return (v, a, s, i, b) -> {
                a[s] = bits(kind, v);
                return s + 1;
            };
        }
        switch (kind) {
            case STRING:
                return Arguments::writeString;
            case BYTES:
                return (v, a, s, i, b) -> {
                    byte[] bytes = (byte[]) v;
                    return writeBlock(bytes, 0, bytes.length, a, s, i, b);
                };
            case JSON:
                JsonCodec codec = new JsonCodec(type);
                return (v, a, s, i, b) -> {
                    byte[] json = codec.encode(v);
                    return writeBlock(json, 0, json.length, a, s, i, b);
                };
            default:
                throw new IllegalArgumentException("no writer for " + kind);
        }
    }

    /** The WebAssembly bits of a value of a kind that is not {@link ValueKind#inMemory()}. */
    static long bits(ValueKind kind, Object v) {
        switch (kind) {
            case INT:
            case DATE:
                return v instanceof LocalDate ? ((LocalDate) v).toEpochDay() : ((Integer) v);
            case SMALLINT:
            case TINYINT:
                return ((Number) v).intValue();
            case BOOLEAN:
                return ((Boolean) v) ? 1 : 0;
            case BIGINT:
                return (Long) v;
            case FLOAT:
                return Float.floatToRawIntBits((Float) v) & 0xFFFFFFFFL;
            case DOUBLE:
                return Double.doubleToRawLongBits((Double) v);
            default:
                throw new IllegalArgumentException(kind + " is passed in linear memory");
        }
    }

    private static int writeString(Object v, long[] a, int s, WasmInstance i, Blocks b) {
        if (v instanceof BinaryStringData) {
            BinaryStringData str = (BinaryStringData) v;
            str.ensureMaterialized();
            MemorySegment[] segments = str.getSegments();
            if (segments.length == 1 && !segments[0].isOffHeap()) {
                // the common case: copy the UTF-8 bytes straight from Flink's segment
                return writeBlock(segments[0].getHeapMemory(), str.getOffset(), str.getSizeInBytes(), a, s, i, b);
            }
            byte[] bytes = str.toBytes();
            return writeBlock(bytes, 0, bytes.length, a, s, i, b);
        }
        byte[] bytes = v instanceof StringData
                ? ((StringData) v).toBytes()
                : v.toString().getBytes(StandardCharsets.UTF_8);
        return writeBlock(bytes, 0, bytes.length, a, s, i, b);
    }

    private static int writeBlock(byte[] src, int offset, int len, long[] a, int s, WasmInstance i, Blocks b) {
        int ptr = i.alloc(len);
        b.add(ptr, len);
        i.write(ptr, src, offset, len);
        a[s] = ptr;
        a[s + 1] = len;
        return s + 2;
    }
}
