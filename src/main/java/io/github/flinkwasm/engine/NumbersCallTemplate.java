package io.github.flinkwasm.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * The template of every {@link NumbersCall}: never loaded by its name, only as the bytes of hidden
 * classes that each carry their own target. Only the method of the target's arity is ever called;
 * the others would fail with a {@link java.lang.invoke.WrongMethodTypeException}.
 */
final class NumbersCallTemplate extends NumbersCall {
    private static final MethodHandle TARGET = target(MethodHandles.lookup());

    @Override
    public int arity() {
        return TARGET.type().parameterCount() - 1;
    }

    @Override
    public long call(WasmInstance instance) {
        try {
            return (long) TARGET.invokeExact(instance);
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }

    @Override
    public long call(WasmInstance instance, long a) {
        try {
            return (long) TARGET.invokeExact(instance, a);
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }

    @Override
    public long call(WasmInstance instance, long a, long b) {
        try {
            return (long) TARGET.invokeExact(instance, a, b);
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }

    @Override
    public long call(WasmInstance instance, long a, long b, long c) {
        try {
            return (long) TARGET.invokeExact(instance, a, b, c);
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }
}
