package io.github.flinkwasm.engine;

import org.apache.flink.annotation.Internal;

/**
 * A call of one export that takes and returns numbers only, with raw bits as in {@link
 * GuestFunction#call} but without argument and result arrays, through code the JIT can inline
 * from the caller down to the guest's compiled function. An engine makes one per export of a
 * compiled module ({@link CompiledModule#numbersCall}) and shares it between that module's
 * instances, so that a call site calling one function sees one class.
 *
 * <p>Exceptions are the engine's translated ones, as for {@link GuestFunction#call}. Only the
 * method of the export's arity may be called.
 */
@Internal
public abstract class NumbersCall {
    /** The most parameters a numbers call takes. */
    public static final int MAX_PARAMS = 3;

    protected NumbersCall() {}

    /** How many parameters the export takes. */
    public abstract int arity();

    /** Calls an export of no parameters on {@code instance}. */
    public abstract long call(WasmInstance instance);

    /** Calls an export of one parameter on {@code instance}. */
    public abstract long call(WasmInstance instance, long a);

    /** Calls an export of two parameters on {@code instance}. */
    public abstract long call(WasmInstance instance, long a, long b);

    /** Calls an export of three parameters on {@code instance}. */
    public abstract long call(WasmInstance instance, long a, long b, long c);

    /** Calls the export with the bits of its arguments in {@code args}, one per parameter. */
    public final long call(WasmInstance instance, long[] args) {
        return switch (args.length) {
            case 0 -> call(instance);
            case 1 -> call(instance, args[0]);
            case 2 -> call(instance, args[0], args[1]);
            default -> call(instance, args[0], args[1], args[2]);
        };
    }
}
