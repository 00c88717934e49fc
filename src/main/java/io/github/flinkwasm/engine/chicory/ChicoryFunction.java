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
        } catch (ChicoryInterruptedException e) {
            throw new GuestInterruptedException("export '" + name + "' was interrupted", e);
        } catch (WasiExitException e) {
            throw new GuestExitException(
                    "export '" + name + "' called proc_exit(" + e.exitCode() + ")", e.exitCode(), e);
        } catch (WasmException e) {
            throw e; // raised by one of our host functions, already explained
        } catch (StackOverflowError e) {
            throw new WasmCallException("trap in export '" + name + "': call stack exhausted", e);
        } catch (RuntimeException e) {
            throw new WasmCallException("trap in export '" + name + "': " + describe(e), e);
        }
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
