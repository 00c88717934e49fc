package io.github.flinkwasm.bench;

import java.util.Locale;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.types.Row;

/** The plain Java UDFs the WebAssembly functions are measured against, written as users would. */
public final class JavaFunctions {
    private JavaFunctions() {
        // no instances
    }

    /** i32 add. */
    public static final class Add extends ScalarFunction {
        public Integer eval(Integer a, Integer b) {
            return a == null || b == null ? null : a + b;
        }
    }

    /** Recursive fibonacci. */
    public static final class Fib extends ScalarFunction {
        public Integer eval(Integer n) {
            return n == null ? null : fib(n);
        }

        static int fib(int n) {
            return n < 2 ? n : fib(n - 1) + fib(n - 2);
        }
    }

    /** Upper case (Java's, Unicode-aware). */
    public static final class Upper extends ScalarFunction {
        public String eval(String s) {
            return s == null ? null : s.toUpperCase(Locale.ROOT);
        }
    }

    /** Identity on a ROW. */
    public static final class RowEcho extends ScalarFunction {
        public @DataTypeHint(BenchPlugins.ROW_TYPE) Row eval(@DataTypeHint(BenchPlugins.ROW_TYPE) Row r) {
            return r == null ? null : Row.of(r.getField(0), r.getField(1));
        }
    }

    /** Identity on a ROW of DECIMAL, TIMESTAMP and MAP. */
    public static final class MixedEcho extends ScalarFunction {
        public @DataTypeHint(BenchPlugins.MIXED_TYPE) Row eval(@DataTypeHint(BenchPlugins.MIXED_TYPE) Row r) {
            return r == null ? null : Row.of(r.getField(0), r.getField(1), r.getField(2));
        }
    }

    /** The three largest elements, largest first; NULL and NaN elements are skipped. */
    public static final class Top3 extends ScalarFunction {
        public @DataTypeHint(BenchPlugins.ARRAY_TYPE) Double[] eval(
                @DataTypeHint(BenchPlugins.ARRAY_TYPE) Double[] xs) {
            if (xs == null) {
                return null;
            }
            double a = Double.NEGATIVE_INFINITY;
            double b = a;
            double c = a;
            int n = 0;
            for (Double boxed : xs) {
                if (boxed == null || boxed.isNaN()) {
                    continue;
                }
                double x = boxed;
                n++;
                if (x > a) {
                    c = b;
                    b = a;
                    a = x;
                } else if (x > b) {
                    c = b;
                    b = x;
                } else if (x > c) {
                    c = x;
                }
            }
            Double[] top = {a, b, c};
            return n >= 3 ? top : java.util.Arrays.copyOf(top, n);
        }
    }
}
