package io.github.flinkwasm.engine.chicory;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.wasi.WasiExitException;
import io.github.flinkwasm.GuestExitException;
import io.github.flinkwasm.GuestInterruptedException;
import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.WasmException;
import io.github.flinkwasm.engine.GuestFunction;

/** A Chicory export behind {@link GuestFunction}: Chicory's exceptions become ours. */
final class ChicoryFunction implements GuestFunction {
    private final ExportFunction export;
    private final String name;

    ChicoryFunction(ExportFunction export, String name) {
        this.export = export;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long[] call(long[] args) {
        try {
            return export.apply(args);
        } catch (RuntimeException | StackOverflowError e) {
            throw translate(name, e);
        }
    }

    /**
     * What a call of {@code export} that threw {@code e} reports: ours for Chicory's exceptions (a
     * trap, an interruption, {@code proc_exit}, a stack overflow); a {@link WasmException} of one
     * of our host functions as it is; any other error is thrown.
     */
    static RuntimeException translate(String export, Throwable e) {
        if (e instanceof ChicoryInterruptedException) {
            return new GuestInterruptedException("export '" + export + "' was interrupted", e);
        } else if (e instanceof WasiExitException) {
            int code = ((WasiExitException) e).exitCode();
            return new GuestExitException("export '" + export + "' called proc_exit(" + code + ")", code, e);
        } else if (e instanceof WasmException) {
            return (WasmException) e; // raised by one of our host functions, already explained
        } else if (e instanceof StackOverflowError) {
            return new WasmCallException("trap in export '" + export + "': call stack exhausted", e);
        } else if (e instanceof RuntimeException) {
            return new WasmCallException("trap in export '" + export + "': " + describe(e), e);
        } else if (e instanceof Error) {
            throw (Error) e;
        }
        return new IllegalStateException(e); // compiled code throws no checked exception
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
