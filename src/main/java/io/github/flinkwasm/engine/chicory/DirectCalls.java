package io.github.flinkwasm.engine.chicory;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.TypeSection;
import com.dylibso.chicory.wasm.types.ValType;
import io.github.flinkwasm.engine.NumbersCall;
import java.io.IOException;
import java.io.InputStream;
import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

/**
 * {@link NumbersCall}s straight into the JVM methods that Chicory's compiler makes of a module's
 * functions, past {@code ExportFunction.apply}: no {@code long[]} in or out, no dispatch on the
 * function index, no interface call per machine class; the JIT can inline the guest's code into
 * the caller.
 *
 * <p>This reads how Chicory 1.7.5's compiler lays out its classes: a function {@code N} of the
 * module is the static method {@code func_N(params..., Memory, Instance)} of a class named after
 * the machine class with {@code FuncGroup_K}. When that layout is not found (interpreted mode, a
 * function left to the interpreter's fallback, another Chicory version) there is no direct call
 * and calls take {@code ExportFunction.apply}, which behaves the same. Modules with GC types are
 * left out: Chicory sweeps their references after each exported call.
 */
final class DirectCalls {
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    private DirectCalls() {
        // no instances
    }

    /**
     * A numbers call of {@code export}, or null when there is none: the export is not a function
     * of the module itself, takes more than {@link NumbersCall#MAX_PARAMS} parameters, returns
     * more than one value, or the compiled layout is not found.
     *
     * @param machine the class of the compiled machine of one instance of {@code module}
     */
    static NumbersCall of(WasmModule module, Class<?> machine, String export) {
        int index = functionIndex(module.exportSection(), export);
        int imported = module.importSection().count(ExternalType.FUNCTION);
        if (index < imported || hasGcTypes(module.typeSection())) {
            return null; // not found, or a host function exported again
        }
        FunctionType type =
                module.typeSection().getType(module.functionSection().getFunctionType(index - imported));
        if (type.params().size() > NumbersCall.MAX_PARAMS || type.returns().size() > 1) {
            return null;
        }
        for (ValType v : type.params()) {
            if (jvmType(v) == null) {
                return null;
            }
        }
        if (!type.returns().isEmpty() && jvmType(type.returns().get(0)) == null) {
            return null;
        }
        Method method = compiledFunction(machine, index, type.params().size() + 2);
        if (method == null) {
            return null;
        }
        try {
            method.setAccessible(true);
            return define(adapt(LOOKUP.unreflect(method), type), export);
        } catch (Throwable e) {
            return null; // the layout is not what this class expects: the export path still works
        }
    }

    /**
     * {@code func_N(params..., Memory, Instance)} on raw bits: {@code (long..., Memory, Instance)
     * long}. Integers by one explicit cast, floats by their bits.
     */
    private static MethodHandle adapt(MethodHandle function, FunctionType type) throws ReflectiveOperationException {
        int n = type.params().size();
        MethodHandle h = function;
        for (int i = 0; i < n; i++) {
            MethodHandle fromBits = fromBits(jvmType(type.params().get(i)));
            if (fromBits != null) {
                h = MethodHandles.filterArguments(h, i, fromBits);
            }
        }
        if (!type.returns().isEmpty()) {
            MethodHandle toBits = toBits(jvmType(type.returns().get(0)));
            if (toBits != null) {
                h = MethodHandles.filterReturnValue(h, toBits);
            }
        }
        Class<?>[] params = new Class<?>[n + 2];
        Arrays.fill(params, long.class);
        params[n] = Memory.class;
        params[n + 1] = Instance.class;
        // int <-> long (sign-extended, as Chicory's own long[] results) and no result -> 0
        return MethodHandles.explicitCastArguments(h, MethodType.methodType(long.class, params));
    }

    /** A new instance of its own hidden class of {@link DirectCallTemplate}. */
    private static NumbersCall define(MethodHandle target, String export) throws Throwable {
        MethodHandles.Lookup hidden =
                LOOKUP.defineHiddenClassWithClassData(templateBytes(), List.of(target, export), true);
        return (NumbersCall) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class))
                .invoke();
    }

    private static byte[] templateBytes;

    private static synchronized byte[] templateBytes() throws IOException {
        if (templateBytes == null) {
            String resource = DirectCallTemplate.class.getSimpleName() + ".class";
            try (InputStream in = DirectCalls.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException(resource + " not found");
                }
                templateBytes = in.readAllBytes();
            }
        }
        return templateBytes;
    }

    /** Element {@code index} of a hidden class's data, for {@link DirectCallTemplate}. */
    static <T> T classData(MethodHandles.Lookup hiddenClass, int index, Class<T> type) {
        try {
            return MethodHandles.classDataAt(hiddenClass, ConstantDescs.DEFAULT_NAME, type, index);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int functionIndex(ExportSection exports, String name) {
        for (int i = 0; i < exports.exportCount(); i++) {
            Export e = exports.getExport(i);
            if (e.exportType() == ExternalType.FUNCTION && e.name().equals(name)) {
                return e.index();
            }
        }
        return -1;
    }

    private static boolean hasGcTypes(TypeSection types) {
        for (int i = 0; i < types.subTypeCount(); i++) {
            if (types.getSubType(i).compType().funcType() == null) {
                return true;
            }
        }
        return false;
    }

    /** The static method compiled from function {@code index}, or null. */
    private static Method compiledFunction(Class<?> machine, int index, int parameterCount) {
        String name = "func_" + index;
        for (int group = 0; ; group++) {
            Class<?> c;
            try {
                c = Class.forName(machine.getName() + "FuncGroup_" + group, false, machine.getClassLoader());
            } catch (ClassNotFoundException e) {
                return null;
            }
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == parameterCount) {
                    Class<?>[] p = m.getParameterTypes();
                    return p[parameterCount - 2] == Memory.class && p[parameterCount - 1] == Instance.class ? m : null;
                }
            }
        }
    }

    // raw bits (as in ExportFunction's long[]) to and from the JVM types of compiled functions

    /** The JVM type of a number value type, or null for references and vectors. */
    private static Class<?> jvmType(ValType v) {
        if (v.equals(ValType.I32)) {
            return int.class;
        } else if (v.equals(ValType.I64)) {
            return long.class;
        } else if (v.equals(ValType.F32)) {
            return float.class;
        } else if (v.equals(ValType.F64)) {
            return double.class;
        }
        return null;
    }

    /** Raw bits to a value of {@code jvm}; null for integers, which the explicit cast converts. */
    private static MethodHandle fromBits(Class<?> jvm) throws ReflectiveOperationException {
        return jvm == long.class || jvm == int.class
                ? null
                : LOOKUP.findStatic(
                        DirectCalls.class, jvm.getName() + "OfBits", MethodType.methodType(jvm, long.class));
    }

    /** A value of {@code jvm} to raw bits; null for integers. */
    private static MethodHandle toBits(Class<?> jvm) throws ReflectiveOperationException {
        return jvm == long.class || jvm == int.class
                ? null
                : LOOKUP.findStatic(
                        DirectCalls.class, "bitsOf" + jvm.getName(), MethodType.methodType(long.class, jvm));
    }

    private static float floatOfBits(long raw) {
        return Float.intBitsToFloat((int) raw);
    }

    private static double doubleOfBits(long raw) {
        return Double.longBitsToDouble(raw);
    }

    private static long bitsOffloat(float v) {
        return Float.floatToRawIntBits(v);
    }

    private static long bitsOfdouble(double v) {
        return Double.doubleToRawLongBits(v);
    }
}
