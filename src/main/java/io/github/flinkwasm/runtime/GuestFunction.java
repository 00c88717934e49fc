package io.github.flinkwasm.runtime;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.wasi.WasiExitException;
import io.github.flinkwasm.WasmCallException;
import io.github.flinkwasm.WasmException;

/**
 * A handle on one exported function of one {@link WasmInstance}, resolved once. Not thread-safe.
 * Chicory's exceptions do not get past it: a trap becomes a {@link WasmCallException}, an
 * interruption a {@link GuestInterruptedException}.
 */
public final class GuestFunction {
    private final ExportFunction export;
    private final String name;

    GuestFunction(ExportFunction export, String name) {
        this.export = export;
        this.name = name;
    }

    /** The export's name. */
    public String name() {
        return name;
    }

    /**
     * Calls the function. Numbers are passed as raw bits ({@code f32}/{@code f64} by their IEEE
     * bits). The array may be reused across calls; the result array is fresh.
     */
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
