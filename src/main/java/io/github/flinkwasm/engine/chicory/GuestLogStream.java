package io.github.flinkwasm.engine.chicory;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A guest's WASI stdout or stderr, cut into lines for the job's log. Lines longer than {@link
 * #MAX_LINE} bytes are split so that a guest cannot grow the heap.
 */
final class GuestLogStream extends OutputStream {
    static final int MAX_LINE = 8192;

    private final Consumer<String> lines;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    GuestLogStream(Consumer<String> lines) {
        this.lines = lines;
    }

    @Override
    public void write(int b) {
        if (b == '\n') {
            flushLine();
        } else {
            line.write(b);
            if (line.size() >= MAX_LINE) {
                flushLine();
            }
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public void close() {
        if (line.size() > 0) {
            flushLine();
        }
    }

    private void flushLine() {
        String text = new String(line.toByteArray(), StandardCharsets.UTF_8);
        line.reset();
        lines.accept(text);
    }
}
