package io.github.flinkwasm.engine.chicory;

import io.github.flinkwasm.engine.NumbersCall;
import io.github.flinkwasm.engine.WasmInstance;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * The template of every direct call: never loaded by its name, only as the bytes of hidden classes
 * (see {@link DirectCalls}) that each carry their own target, {@code (long..., Memory, Instance)
 * long}, and export name. The JIT treats a hidden class's {@code static final} handle as a
 * constant and inlines it; the call is kept shallow (the instance's memory and Chicory instance
 * read here, Chicory's exceptions translated here) because every method handle adapter is a level
 * of the JIT's inlining depth, which a Flink job's generated code already uses a good part of.
 */
final class DirectCallTemplate extends NumbersCall {
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final MethodHandle TARGET = DirectCalls.classData(LOOKUP, 0, MethodHandle.class);
    private static final String EXPORT = DirectCalls.classData(LOOKUP, 1, String.class);

    @Override
    public int arity() {
        return TARGET.type().parameterCount() - 2;
    }

    @Override
    public long call(WasmInstance instance) {
        ChicoryInstance i = (ChicoryInstance) instance;
        try {
            return (long) TARGET.invokeExact(i.chicoryMemory(), i.chicory());
        } catch (Throwable e) {
            throw ChicoryFunction.translate(EXPORT, e);
        }
    }

    @Override
    public long call(WasmInstance instance, long a) {
        ChicoryInstance i = (ChicoryInstance) instance;
        try {
            return (long) TARGET.invokeExact(a, i.chicoryMemory(), i.chicory());
        } catch (Throwable e) {
            throw ChicoryFunction.translate(EXPORT, e);
        }
    }

    @Override
    public long call(WasmInstance instance, long a, long b) {
        ChicoryInstance i = (ChicoryInstance) instance;
        try {
            return (long) TARGET.invokeExact(a, b, i.chicoryMemory(), i.chicory());
        } catch (Throwable e) {
            throw ChicoryFunction.translate(EXPORT, e);
        }
    }

    @Override
    public long call(WasmInstance instance, long a, long b, long c) {
        ChicoryInstance i = (ChicoryInstance) instance;
        try {
            return (long) TARGET.invokeExact(a, b, c, i.chicoryMemory(), i.chicory());
        } catch (Throwable e) {
            throw ChicoryFunction.translate(EXPORT, e);
        }
    }
}
