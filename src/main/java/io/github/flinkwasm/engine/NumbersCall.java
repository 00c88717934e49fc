package io.github.flinkwasm.engine;

import io.github.flinkwasm.WasmCallException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Collections;
import java.util.Objects;
import org.apache.flink.annotation.Internal;

/**
 * A call of one export that takes and returns numbers only, with raw bits as in {@link
 * GuestFunction#call} but without argument and result arrays, through code the JIT can inline
 * from the caller down to the guest's compiled function.
 *
 * <p>Made by {@link #of} from a method handle; each one is an instance of its own hidden class
 * whose {@code static final} handle the JIT treats as a constant (a handle held in an ordinary
 * field is called through a shared stub instead, a few nanoseconds per call, about as much as a
 * cheap guest function costs). An engine makes one per export of a compiled module and shares it
 * between that module's instances, so a call site that calls one function sees one class.
 *
 * <p>Exceptions are the engine's translated ones, as for {@link GuestFunction#call}.
 */
@Internal
public abstract class NumbersCall {
    /** The most parameters a numbers call takes. */
    public static final int MAX_PARAMS = 3;

    private static byte[] templateBytes;

    NumbersCall() {}

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

    /**
     * A numbers call over {@code target}, of type {@code (WasmInstance, long, ...) long} with at
     * most {@link #MAX_PARAMS} {@code long} parameters (the raw bits of the export's parameters and
     * result).
     */
    public static NumbersCall of(MethodHandle target) {
        MethodType type = target.type();
        int n = type.parameterCount() - 1;
        MethodType expected = MethodType.methodType(
                long.class,
                WasmInstance.class,
                Collections.nCopies(Math.max(n, 0), long.class).toArray(new Class<?>[0]));
        if (n < 0 || n > MAX_PARAMS || !type.equals(expected)) {
            throw new IllegalArgumentException("not a numbers call: " + type);
        }
        try {
            MethodHandles.Lookup hidden =
                    MethodHandles.lookup().defineHiddenClassWithClassData(templateBytes(), target, true);
            return (NumbersCall) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class))
                    .invoke();
        } catch (Throwable e) {
            throw new WasmCallException("cannot make a direct call of " + type + ": " + e, e);
        }
    }

    private static synchronized byte[] templateBytes() {
        if (templateBytes == null) {
            String resource = NumbersCallTemplate.class.getSimpleName() + ".class";
            try (InputStream in = Objects.requireNonNull(NumbersCall.class.getResourceAsStream(resource), resource)) {
                templateBytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return templateBytes;
    }

    /** The target handed to {@link #of}, for the static initialiser of a template's hidden class. */
    static MethodHandle target(MethodHandles.Lookup hiddenClass) {
        try {
            return MethodHandles.classData(hiddenClass, ConstantDescs.DEFAULT_NAME, MethodHandle.class);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rethrows what a target threw: the engine's translated exceptions, or an error. */
    static RuntimeException rethrown(Throwable e) {
        if (e instanceof RuntimeException) {
            return (RuntimeException) e;
        }
        if (e instanceof Error) {
            throw (Error) e;
        }
        return new IllegalStateException(e); // a target declares no checked exception
    }
}
