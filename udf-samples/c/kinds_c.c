/*
 * Table and aggregate sample functions in C (plugin kinds_c); the same functions, with the same
 * results, are in Rust (rust/kinds). udf-samples/README.md defines their behaviour.
 *
 *   tokens(STRING) -> rows ROW<token STRING, pos INT>     words split at ASCII whitespace, pos from 1
 *   kv_pairs(STRING) -> rows ROW<k STRING, v STRING>     the k=v words of a log line
 *   approx_distinct(STRING) -> BIGINT                      HyperLogLog (1024 registers), with merge
 *   top_k(BIGINT) -> ARRAY<BIGINT>                         the 5 largest distinct values, with merge
 */
#include "flink_wasm.h"

static int is_space(uint8_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == 0x0c;
}

/* Calls word(start, len, ctx) for each whitespace-separated word. */
static void each_word(const char *s, size_t n, void (*word)(const char *, size_t, void *), void *ctx) {
    size_t i = 0;
    while (i < n) {
        while (i < n && is_space((uint8_t)s[i])) i++;
        size_t start = i;
        while (i < n && !is_space((uint8_t)s[i])) i++;
        if (i > start) word(s + start, i - start, ctx);
    }
}

static void token_row(const char *w, size_t n, void *ctx) {
    fw_rows *rows = (fw_rows *)ctx;
    fw_rows_next(rows);
    fw_row_begin(&rows->buf);
    fw_row_field(&rows->buf, "token");
    fw_buf_json_string(&rows->buf, w, n);
    fw_row_field(&rows->buf, "pos");
    fw_buf_json_int(&rows->buf, (int64_t)rows->count);
    fw_row_end(&rows->buf);
}

FW_EXPORT(tokens) int64_t tokens(int32_t p, int32_t n) {
    fw_str s = fw_arg_str(p, n);
    fw_rows rows = {0};
    each_word(s.ptr, s.len, token_row, &rows);
    fw_str_release(&s);
    return fw_rows_result(&rows);
}

static void kv_row(const char *w, size_t n, void *ctx) {
    size_t eq = 0;
    while (eq < n && w[eq] != '=') eq++;
    if (eq == 0 || eq == n) return; /* no '=' or no key */
    fw_rows *rows = (fw_rows *)ctx;
    fw_rows_next(rows);
    fw_row_begin(&rows->buf);
    fw_row_field(&rows->buf, "k");
    fw_buf_json_string(&rows->buf, w, eq);
    fw_row_field(&rows->buf, "v");
    fw_buf_json_string(&rows->buf, w + eq + 1, n - eq - 1);
    fw_row_end(&rows->buf);
}

FW_EXPORT(kv_pairs) int64_t kv_pairs(int32_t p, int32_t n) {
    fw_str s = fw_arg_str(p, n);
    fw_rows rows = {0};
    each_word(s.ptr, s.len, kv_row, &rows);
    fw_str_release(&s);
    return fw_rows_result(&rows);
}

/* ---- approx_distinct: HyperLogLog with 2^10 registers; the state is the registers */

#define HLL_BITS 10
#define HLL_M (1 << HLL_BITS)

typedef struct {
    uint8_t reg[HLL_M];
} hll;

/* FNV-1a, then the splitmix64 finalizer to spread the bits */
static uint64_t hash64(const char *s, size_t n) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (uint8_t)s[i];
        h *= 0x100000001b3ull;
    }
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebull;
    h ^= h >> 31;
    return h;
}

FW_EXPORT(approx_distinct_create) int64_t approx_distinct_create(void) {
    hll h;
    memset(&h, 0, sizeof h);
    return FW_STATE_RESULT(&h);
}

FW_EXPORT(approx_distinct_accumulate) int64_t approx_distinct_accumulate(int32_t ap, int32_t an, int32_t p, int32_t n) {
    hll h;
    FW_STATE_LOAD(&h, ap, an);
    uint64_t x = hash64((const char *)(uintptr_t)p, (size_t)(uint32_t)n);
    uint32_t index = (uint32_t)(x >> (64 - HLL_BITS));
    uint64_t rest = (x << HLL_BITS) | (1ull << (HLL_BITS - 1));
    uint8_t rank = (uint8_t)(__builtin_clzll(rest) + 1);
    if (rank > h.reg[index]) h.reg[index] = rank;
    return FW_STATE_RESULT(&h);
}

FW_EXPORT(approx_distinct_merge) int64_t approx_distinct_merge(int32_t ap, int32_t an, int32_t bp, int32_t bn) {
    hll a, b;
    FW_STATE_LOAD(&a, ap, an);
    FW_STATE_LOAD(&b, bp, bn);
    for (int i = 0; i < HLL_M; i++) {
        if (b.reg[i] > a.reg[i]) a.reg[i] = b.reg[i];
    }
    return FW_STATE_RESULT(&a);
}

FW_EXPORT(approx_distinct_result) int64_t approx_distinct_result(int32_t ap, int32_t an) {
    hll h;
    FW_STATE_LOAD(&h, ap, an);
    double sum = 0;
    int zeros = 0;
    for (int i = 0; i < HLL_M; i++) {
        sum += 1.0 / (double)(1ull << h.reg[i]);
        if (h.reg[i] == 0) zeros++;
    }
    double m = HLL_M;
    double e = (0.7213 / (1 + 1.079 / m)) * m * m / sum;
    if (e <= 2.5 * m && zeros > 0) e = m * fw_ln(m / zeros);
    return (int64_t)(e + 0.5);
}

/* ---- top_k: the K largest distinct values, largest first; the state is count + values */

#define TOP_K 5

typedef struct {
    int64_t count;
    int64_t v[TOP_K];
} top;

static void top_add(top *t, int64_t x) {
    for (int i = 0; i < t->count; i++) {
        if (t->v[i] == x) return;
    }
    int i = (int)t->count;
    if (i == TOP_K) {
        if (x <= t->v[TOP_K - 1]) return;
        i = TOP_K - 1;
    } else {
        t->count++;
    }
    while (i > 0 && t->v[i - 1] < x) {
        t->v[i] = t->v[i - 1];
        i--;
    }
    t->v[i] = x;
}

FW_EXPORT(top_k_create) int64_t top_k_create(void) {
    top t;
    memset(&t, 0, sizeof t);
    return FW_STATE_RESULT(&t);
}

FW_EXPORT(top_k_accumulate) int64_t top_k_accumulate(int32_t ap, int32_t an, int64_t x) {
    top t;
    FW_STATE_LOAD(&t, ap, an);
    top_add(&t, x);
    return FW_STATE_RESULT(&t);
}

FW_EXPORT(top_k_merge) int64_t top_k_merge(int32_t ap, int32_t an, int32_t bp, int32_t bn) {
    top a, b;
    FW_STATE_LOAD(&a, ap, an);
    FW_STATE_LOAD(&b, bp, bn);
    for (int i = 0; i < b.count; i++) top_add(&a, b.v[i]);
    return FW_STATE_RESULT(&a);
}

FW_EXPORT(top_k_result) int64_t top_k_result(int32_t ap, int32_t an) {
    top t;
    FW_STATE_LOAD(&t, ap, an);
    fw_buf b = {0};
    fw_buf_putc(&b, '[');
    for (int i = 0; i < t.count; i++) {
        if (i) fw_buf_putc(&b, ',');
        fw_buf_json_int(&b, t.v[i]);
    }
    fw_buf_putc(&b, ']');
    return fw_buf_result(&b);
}
