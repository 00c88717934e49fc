package io.github.flinkwasm.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/** WebAssembly modules written byte by byte, for sizes and shapes no sample has. */
public final class GeneratedModules {
    private GeneratedModules() {
        // no instances
    }

    /**
     * A module of {@code functions} functions {@code (i32) -> i32}, each adding {@code adds}
     * constants to its argument; the first is exported as {@code f} and returns {@code n + adds *
     * salt}. Another salt gives other bytes, so another compile.
     */
    public static byte[] manyFunctions(int functions, int adds, int salt) {
        ByteArrayOutputStream out = header();
        section(out, 1, concat(u32(1), bytes(0x60, 1, 0x7f, 1, 0x7f))); // (i32) -> i32
        ByteArrayOutputStream funcs = new ByteArrayOutputStream();
        write(funcs, u32(functions));
        for (int i = 0; i < functions; i++) {
            funcs.write(0);
        }
        section(out, 3, funcs.toByteArray());
        section(out, 7, concat(u32(1), bytes(1, 'f', 0x00, 0))); // export "f" = function 0
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        write(code, u32(functions));
        for (int i = 0; i < functions; i++) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(0); // no locals
            write(body, bytes(0x20, 0)); // local.get 0
            for (int a = 0; a < adds; a++) {
                body.write(0x41); // i32.const
                write(body, s32(salt));
                body.write(0x6a); // i32.add
            }
            body.write(0x0b);
            write(code, u32(body.size()));
            write(code, body.toByteArray());
        }
        section(out, 10, code.toByteArray());
        return out.toByteArray();
    }

    /** The module with a custom section of {@code padding} zero bytes appended. */
    public static byte[] padded(byte[] module, int padding) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, module);
        ByteArrayOutputStream custom = new ByteArrayOutputStream();
        write(custom, bytes(3, 'p', 'a', 'd'));
        write(custom, new byte[padding]);
        section(out, 0, custom.toByteArray());
        return out.toByteArray();
    }

    /**
     * Writes {@link #padded} to a file without holding the padding in memory: the zeros are a hole
     * in a sparse file.
     */
    public static void writePadded(Path file, byte[] module, long padding) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        write(head, module);
        head.write(0);
        write(head, u32(4 + padding));
        write(head, bytes(3, 'p', 'a', 'd'));
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.write(head.toByteArray());
            f.setLength(head.size() + padding);
        }
    }

    private static ByteArrayOutputStream header() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, bytes(0, 'a', 's', 'm', 1, 0, 0, 0));
        return out;
    }

    private static void section(ByteArrayOutputStream out, int id, byte[] content) {
        out.write(id);
        write(out, u32(content.length));
        write(out, content);
    }

    private static byte[] u32(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
        return out.toByteArray();
    }

    private static byte[] s32(int v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean more = true;
        while (more) {
            int b = v & 0x7f;
            v >>= 7;
            more = !((v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0));
            out.write(more ? b | 0x80 : b);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void write(ByteArrayOutputStream out, byte[] b) {
        out.write(b, 0, b.length);
    }
}
