// The seed functions in C: sum, recursive fib and iterative fib_array.
// Built freestanding (no libc): clang --target=wasm32 -O2 -nostdlib -Wl,--no-entry
#include <stdint.h>

#define EXPORT(name) __attribute__((export_name(#name)))

extern unsigned char __heap_base;

EXPORT(sum)
int32_t sum(int32_t a, int32_t b) {
    return a + b;
}

EXPORT(fib)
int32_t fib(int32_t n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

// Fills fib(0..n) into an array at the heap base, growing linear memory when the array needs
// more pages, and returns fib(n). Values wrap around past fib(92), as BIGINT arithmetic does.
EXPORT(fib_array)
int64_t fib_array(int32_t n) {
    if (n < 0) {
        return -1;
    }
    int64_t *table = (int64_t *)&__heap_base;
    uintptr_t end = (uintptr_t)(table + n + 1);
    uintptr_t have = __builtin_wasm_memory_size(0) * 65536u;
    if (end > have) {
        uintptr_t pages = (end - have + 65535u) / 65536u;
        if (__builtin_wasm_memory_grow(0, pages) == (uintptr_t)-1) {
            __builtin_trap(); // the host's memory cap was reached
        }
    }
    table[0] = 0;
    if (n > 0) {
        table[1] = 1;
    }
    for (int32_t i = 2; i <= n; i++) {
        table[i] = (int64_t)((uint64_t)table[i - 1] + (uint64_t)table[i - 2]);
    }
    return table[n];
}
