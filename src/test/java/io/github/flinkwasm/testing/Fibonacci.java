package io.github.flinkwasm.testing;

/** What the seed samples compute, in Java, to check their results against. */
public final class Fibonacci {
    private Fibonacci() {
        // no instances
    }

    /** Recursive fib, as the samples' {@code fib} computes it (with INT overflow). */
    public static int fib(int n) {
        return (int) fibLong(n); // the low 32 bits of the sum are the same in int arithmetic
    }

    /** fib as a BIGINT, as the samples' {@code fib_array} computes it (wrapping past fib(92)). */
    public static long fibLong(int n) {
        long a = 0;
        long b = 1;
        for (int i = 0; i < n; i++) {
            long t = a + b;
            a = b;
            b = t;
        }
        return a;
    }
}
