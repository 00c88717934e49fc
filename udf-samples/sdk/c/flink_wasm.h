/*
 * flink_wasm.h - guest side of the flink-wasm calling convention for C, header only.
 *
 * Build freestanding (no libc needed):
 *     clang --target=wasm32 -O2 -nostdlib -Wl,--no-entry -Wl,--strip-all -I sdk/c -o f.wasm f.c
 *
 * Including this header gives the module the two exports the host needs for STRING and BYTES:
 *     alloc(size i32) -> i32        dealloc(ptr i32, size i32)
 * and helpers to read arguments, build results, log and read the plugin's config.
 *
 * The exports and the allocator state are weak definitions, so the header may be included by
 * several files of one module. Everything else is static inline and costs nothing when unused;
 * in particular the host functions (flink_wasm.log, flink_wasm.config_get) are imported only
 * when fw_log or fw_config_get is called.
 *
 * Memory: a segregated free-list allocator on top of __heap_base that grows linear memory with
 * memory.grow. Every block carries an 8-byte header with its size class, so dealloc does not
 * depend on the size it is given and a result may be shorter than its allocation. The block at
 * the top of the heap grows in place and returns to the bump region when freed. When memory
 * cannot grow (the host's page cap) the allocator traps; the host reports it as a failed call.
 */
#ifndef FLINK_WASM_H
#define FLINK_WASM_H

#include <stddef.h>
#include <stdint.h>

#define FW_EXPORT(name) __attribute__((export_name(#name)))
#define FW_WEAK __attribute__((weak))
#define FW_INLINE static inline __attribute__((unused))

/* Log levels of flink_wasm.log. */
enum { FW_TRACE = 0, FW_DEBUG = 1, FW_INFO = 2, FW_WARN = 3, FW_ERROR = 4 };

/* ---------------------------------------------------------------- libc shims (weak) ------ */
/* clang may turn loops into calls to these even without libc; a real libc wins at link time. */

__attribute__((weak, no_builtin)) void *memcpy(void *dst, const void *src, size_t n) {
    uint8_t *d = (uint8_t *)dst;
    const uint8_t *s = (const uint8_t *)src;
    while (n >= 4 && (((uintptr_t)d | (uintptr_t)s) & 3) == 0) {
        *(uint32_t *)d = *(const uint32_t *)s;
        d += 4; s += 4; n -= 4;
    }
    while (n--) *d++ = *s++;
    return dst;
}

__attribute__((weak, no_builtin)) void *memmove(void *dst, const void *src, size_t n) {
    uint8_t *d = (uint8_t *)dst;
    const uint8_t *s = (const uint8_t *)src;
    if (d == s || n == 0) return dst;
    if (d < s) {
        while (n--) *d++ = *s++;
    } else {
        d += n; s += n;
        while (n--) *--d = *--s;
    }
    return dst;
}

__attribute__((weak, no_builtin)) void *memset(void *dst, int c, size_t n) {
    uint8_t *d = (uint8_t *)dst;
    while (n--) *d++ = (uint8_t)c;
    return dst;
}

__attribute__((weak, no_builtin)) int memcmp(const void *a, const void *b, size_t n) {
    const uint8_t *x = (const uint8_t *)a, *y = (const uint8_t *)b;
    for (; n; n--, x++, y++) {
        if (*x != *y) return *x < *y ? -1 : 1;
    }
    return 0;
}

/* Length of a NUL-terminated string. */
FW_INLINE size_t fw_strlen(const char *s) {
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

/* ---------------------------------------------------------------- allocator -------------- */

extern unsigned char __heap_base;

#define FW__HEADER 8u
#define FW__CLASSES 112
#define FW__MAX_BLOCK 0x80000000u

FW_WEAK uintptr_t fw__top;                  /* next free byte of the bump region, 0 = unset */
FW_WEAK void *fw__free_list[FW__CLASSES];   /* one singly linked list per size class */

/* Rounds a block size (header included) up to its class: 16, then four steps per power of two. */
FW_INLINE uint32_t fw__class_size(uint32_t need) {
    if (need <= 16) return 16;
    uint32_t k = 31u - (uint32_t)__builtin_clz(need - 1); /* 2^k < need <= 2^(k+1) */
    uint32_t step = 1u << (k - 2);
    return (need + step - 1) & ~(step - 1);
}

FW_INLINE uint32_t fw__class_index(uint32_t size) {
    if (size <= 16) return 0;
    uint32_t k = 31u - (uint32_t)__builtin_clz(size - 1);
    return 1 + (k - 4) * 4 + ((size >> (k - 2)) - 5);
}

/* Moves the top of the bump region to end, growing linear memory when needed. */
FW_INLINE void fw__bump_to(uintptr_t end) {
    if (end < fw__top) __builtin_trap();
    uintptr_t have = (uintptr_t)__builtin_wasm_memory_size(0) * 65536u;
    if (end > have) {
        uintptr_t pages = (end - have + 65535u) / 65536u;
        if (__builtin_wasm_memory_grow(0, pages) == (uintptr_t)-1) __builtin_trap();
    }
    fw__top = end;
}

/* Returns a block of at least size bytes, 8-byte aligned. Never NULL: traps when out of memory. */
FW_INLINE void *fw_alloc(size_t size) {
    if (size > FW__MAX_BLOCK - 64) __builtin_trap();
    uint32_t block = fw__class_size((uint32_t)size + FW__HEADER);
    uint32_t idx = fw__class_index(block);
    uint8_t *b = (uint8_t *)fw__free_list[idx];
    if (b) {
        fw__free_list[idx] = *(void **)(b + FW__HEADER);
    } else {
        if (fw__top == 0) fw__top = ((uintptr_t)&__heap_base + 15) & ~(uintptr_t)15;
        b = (uint8_t *)fw__top;
        fw__bump_to(fw__top + block);
    }
    *(uint32_t *)b = block;
    return b + FW__HEADER;
}

/* Gives a block from fw_alloc back. NULL is ignored. */
FW_INLINE void fw_free(void *ptr) {
    if (!ptr) return;
    uint8_t *b = (uint8_t *)ptr - FW__HEADER;
    if ((uintptr_t)b + *(uint32_t *)b == fw__top) { /* the last block: give it back to the bump region */
        fw__top = (uintptr_t)b;
        return;
    }
    uint32_t idx = fw__class_index(*(uint32_t *)b);
    *(void **)ptr = fw__free_list[idx];
    fw__free_list[idx] = b;
}

/* Usable size of a block from fw_alloc. */
FW_INLINE size_t fw_alloc_size(const void *ptr) {
    return *(const uint32_t *)((const uint8_t *)ptr - FW__HEADER) - FW__HEADER;
}

FW_INLINE void *fw_realloc(void *ptr, size_t size) {
    if (ptr && fw_alloc_size(ptr) >= size) return ptr;
    if (ptr) {
        uint8_t *b = (uint8_t *)ptr - FW__HEADER;
        if ((uintptr_t)b + *(uint32_t *)b == fw__top && size <= FW__MAX_BLOCK - 64) {
            /* the last block grows in place, so a growing result buffer leaves no holes */
            uint32_t block = fw__class_size((uint32_t)size + FW__HEADER);
            fw__bump_to((uintptr_t)b + block);
            *(uint32_t *)b = block;
            return ptr;
        }
    }
    void *n = fw_alloc(size);
    if (ptr) {
        memcpy(n, ptr, fw_alloc_size(ptr));
        fw_free(ptr);
    }
    return n;
}

/* The exports the host calls. alloc(0) returns a real (minimal) block. */
__attribute__((weak, export_name("alloc"))) int32_t alloc(int32_t size) {
    if (size < 0) __builtin_trap();
    return (int32_t)(uintptr_t)fw_alloc((size_t)size);
}

__attribute__((weak, export_name("dealloc"))) void dealloc(int32_t ptr, int32_t size) {
    (void)size; /* the block header knows its size */
    fw_free((void *)(uintptr_t)ptr);
}

/* ---------------------------------------------------------------- UTF-8 ------------------ */

/*
 * Decodes the code point at s[*i] and advances *i. An ill-formed sequence gives U+FFFD and
 * advances past its maximal subpart (the Unicode / WHATWG practice, as Rust's from_utf8_lossy),
 * so every SDK of flink-wasm turns the same invalid input into the same text.
 */
FW_INLINE uint32_t fw_utf8_next(const uint8_t *s, size_t n, size_t *i) {
    uint8_t b = s[(*i)++];
    if (b < 0x80) return b;
    uint32_t need, cp, lo = 0x80, hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) { need = 1; cp = b & 0x1F; }
    else if (b >= 0xE0 && b <= 0xEF) {
        need = 2; cp = b & 0x0F;
        if (b == 0xE0) lo = 0xA0;
        if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        need = 3; cp = b & 0x07;
        if (b == 0xF0) lo = 0x90;
        if (b == 0xF4) hi = 0x8F;
    } else {
        return 0xFFFD;
    }
    while (need--) {
        if (*i >= n || s[*i] < lo || s[*i] > hi) return 0xFFFD; /* the byte is not consumed */
        cp = (cp << 6) | (s[(*i)++] & 0x3F);
        lo = 0x80; hi = 0xBF;
    }
    return cp;
}

/* 1 when s[0..n) is well-formed UTF-8. */
FW_INLINE int fw_utf8_valid(const uint8_t *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        if (s[i] < 0x80) { i++; continue; }
        size_t start = i;
        if (fw_utf8_next(s, n, &i) == 0xFFFD && !(i - start == 3 && s[start] == 0xEF &&
                                                  s[start + 1] == 0xBF && s[start + 2] == 0xBD)) {
            return 0;
        }
    }
    return 1;
}

/* Writes cp as UTF-8 into out (room for 4 bytes), returns the byte count. */
FW_INLINE size_t fw_utf8_encode(uint32_t cp, uint8_t *out) {
    if (cp < 0x80) { out[0] = (uint8_t)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (uint8_t)(0xC0 | (cp >> 6));
        out[1] = (uint8_t)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (uint8_t)(0xE0 | (cp >> 12));
        out[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (uint8_t)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (uint8_t)(0xF0 | (cp >> 18));
    out[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (uint8_t)(0x80 | (cp & 0x3F));
    return 4;
}

/* ---------------------------------------------------------------- output buffer ---------- */

/* A growable byte buffer in guest memory; zero-initialise it: fw_buf b = {0}; */
typedef struct {
    uint8_t *data;
    size_t len;
} fw_buf;

FW_INLINE void fw_buf_reserve(fw_buf *b, size_t extra) {
    size_t cap = b->data ? fw_alloc_size(b->data) : 0;
    if (b->len + extra <= cap && b->data) return;
    size_t want = cap * 2 > b->len + extra ? cap * 2 : b->len + extra;
    if (want < 32) want = 32;
    b->data = (uint8_t *)fw_realloc(b->data, want);
}

FW_INLINE void fw_buf_append(fw_buf *b, const void *p, size_t n) {
    fw_buf_reserve(b, n);
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

FW_INLINE void fw_buf_putc(fw_buf *b, uint8_t c) {
    fw_buf_reserve(b, 1);
    b->data[b->len++] = c;
}

/* Appends a NUL-terminated C string (without the NUL). */
FW_INLINE void fw_buf_puts(fw_buf *b, const char *s) {
    fw_buf_append(b, s, fw_strlen(s));
}

FW_INLINE void fw_buf_put_code_point(fw_buf *b, uint32_t cp) {
    fw_buf_reserve(b, 4);
    b->len += fw_utf8_encode(cp, b->data + b->len);
}

/*
 * Appends s[0..n) (UTF-8) as a JSON string literal, quotes included: " and \ are escaped,
 * \b \f \n \r \t use their short forms, other characters below U+0020 become \u00xx (lowercase
 * hex), everything else is copied as is.
 */
FW_INLINE void fw_buf_json_string(fw_buf *b, const char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    fw_buf_reserve(b, n + 2);
    fw_buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        uint8_t c = (uint8_t)s[i];
        switch (c) {
            case '"': fw_buf_append(b, "\\\"", 2); break;
            case '\\': fw_buf_append(b, "\\\\", 2); break;
            case '\b': fw_buf_append(b, "\\b", 2); break;
            case '\f': fw_buf_append(b, "\\f", 2); break;
            case '\n': fw_buf_append(b, "\\n", 2); break;
            case '\r': fw_buf_append(b, "\\r", 2); break;
            case '\t': fw_buf_append(b, "\\t", 2); break;
            default:
                if (c < 0x20) {
                    char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                    fw_buf_append(b, u, 6);
                } else {
                    fw_buf_putc(b, c);
                }
        }
    }
    fw_buf_putc(b, '"');
}

FW_INLINE void fw_buf_free(fw_buf *b) {
    fw_free(b->data);
    b->data = 0;
    b->len = 0;
}

/* ---------------------------------------------------------------- arguments and results -- */

/* Packs a guest buffer as a STRING/BYTES result: (ptr << 32) | len. */
FW_INLINE int64_t fw_pack(const void *ptr, size_t len) {
    return (int64_t)(((uint64_t)(uint32_t)(uintptr_t)ptr << 32) | (uint64_t)(uint32_t)len);
}

/* Hands the buffer to the host as the result (the host deallocs it); b is left empty. */
FW_INLINE int64_t fw_buf_result(fw_buf *b) {
    if (!b->data) b->data = (uint8_t *)fw_alloc(0);
    int64_t r = fw_pack(b->data, b->len);
    b->data = 0;
    b->len = 0;
    return r;
}

/* Copies n bytes into a new block and returns them as the result. */
FW_INLINE int64_t fw_result(const void *data, size_t n) {
    void *p = fw_alloc(n);
    memcpy(p, data, n);
    return fw_pack(p, n);
}

FW_INLINE int64_t fw_result_cstr(const char *s) {
    return fw_result(s, fw_strlen(s));
}

/* A UTF-8 string view. owned is non-NULL when the view points into a block the guest must free. */
typedef struct {
    const char *ptr;
    size_t len;
    void *owned;
} fw_str;

/* A BYTES view; valid until the export returns (the host frees the buffer afterwards). */
typedef struct {
    const uint8_t *ptr;
    size_t len;
} fw_bytes;

FW_INLINE fw_bytes fw_arg_bytes(int32_t ptr, int32_t len) {
    fw_bytes r = {(const uint8_t *)(uintptr_t)ptr, (size_t)(uint32_t)len};
    return r;
}

/*
 * A STRING argument. The host sends well-formed UTF-8 (Flink strings always are); if the bytes
 * are not, the view is a repaired copy in which each ill-formed sequence became U+FFFD, so
 * decoding code never sees invalid input. Call fw_str_release when done.
 */
FW_INLINE fw_str fw_arg_str(int32_t ptr, int32_t len) {
    const uint8_t *s = (const uint8_t *)(uintptr_t)ptr;
    size_t n = (size_t)(uint32_t)len;
    fw_str r = {(const char *)s, n, 0};
    if (fw_utf8_valid(s, n)) return r;
    fw_buf b = {0};
    fw_buf_reserve(&b, n + 8);
    for (size_t i = 0; i < n;) fw_buf_put_code_point(&b, fw_utf8_next(s, n, &i));
    r.ptr = (const char *)b.data;
    r.len = b.len;
    r.owned = b.data;
    return r;
}

FW_INLINE void fw_str_release(fw_str *s) {
    fw_free(s->owned);
    s->owned = 0;
}

/* ---------------------------------------------------------------- NULL results ----------- */

/*
 * SQL NULL as the result of a STRING, BYTES or JSON-encoded function: the packed value -1 (every
 * bit set). Nothing is allocated, and the host frees nothing.
 *     if (s.len == 0) return FW_NULL;
 * A function with a number result returns NULL through a value of its choice that the manifest
 * names: { "name": "f", ..., "returns": "INT", "null_result": -1 } makes every -1 a NULL
 * ("NaN" for FLOAT and DOUBLE results makes every NaN one).
 */
#define FW_NULL ((int64_t)-1)

/* Returns SQL NULL from a STRING, BYTES or JSON-encoded function (same as FW_NULL). */
FW_INLINE int64_t fw_result_null(void) {
    return FW_NULL;
}

/* ---------------------------------------------------------------- host functions --------- */

__attribute__((import_module("flink_wasm"), import_name("log")))
void fw__host_log(int32_t level, int32_t ptr, int32_t len);

__attribute__((import_module("flink_wasm"), import_name("config_get")))
int64_t fw__host_config_get(int32_t key_ptr, int32_t key_len);

/* Logs msg[0..len) (UTF-8) through the host's logger. Importing flink_wasm.log is then required. */
FW_INLINE void fw_log(int level, const char *msg, size_t len) {
    fw__host_log(level, (int32_t)(uintptr_t)msg, (int32_t)len);
}

FW_INLINE void fw_log_cstr(int level, const char *msg) {
    fw_log(level, msg, fw_strlen(msg));
}

/*
 * Reads the plugin's config value for key. Returns 1 and fills *out (release it with
 * fw_str_release) when the key is present, 0 when it is absent.
 */
FW_INLINE int fw_config_get(const char *key, size_t key_len, fw_str *out) {
    int64_t r = fw__host_config_get((int32_t)(uintptr_t)key, (int32_t)key_len);
    if (r == -1) return 0;
    void *p = (void *)(uintptr_t)(uint32_t)((uint64_t)r >> 32);
    out->ptr = (const char *)p;
    out->len = (size_t)(uint32_t)r;
    out->owned = p;
    return 1;
}

FW_INLINE int fw_config_get_cstr(const char *key, fw_str *out) {
    return fw_config_get(key, fw_strlen(key), out);
}

/* ---------------------------------------------------------------- table functions -------- */
/*
 * A table function (SPEC section 7) returns its rows as one JSON array, one element per row:
 *
 *     fw_rows rows = {0};
 *     fw_rows_next(&rows); fw_buf_json_string(&rows.buf, "a", 1);       // a STRING row
 *     fw_rows_next(&rows); fw_row_begin(&rows.buf);                      // a ROW<...> row
 *         fw_row_field(&rows.buf, "token"); fw_buf_json_string(&rows.buf, p, n);
 *         fw_row_field(&rows.buf, "pos");   fw_buf_json_int(&rows.buf, 1);
 *     fw_row_end(&rows.buf);
 *     return fw_rows_result(&rows);
 */
typedef struct {
    fw_buf buf;
    size_t count;
} fw_rows;

/* Starts the next row (element) of the list. */
FW_INLINE void fw_rows_next(fw_rows *r) {
    fw_buf_putc(&r->buf, r->count++ ? ',' : '[');
}

/* Closes the list and hands it to the host; no row gives an empty list (no output row). */
FW_INLINE int64_t fw_rows_result(fw_rows *r) {
    if (!r->count) fw_buf_putc(&r->buf, '[');
    fw_buf_putc(&r->buf, ']');
    r->count = 0;
    return fw_buf_result(&r->buf);
}

/* Appends a decimal integer (JSON number). */
FW_INLINE void fw_buf_json_int(fw_buf *b, int64_t v) {
    char digits[20];
    int n = 0;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        digits[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) fw_buf_putc(b, '-');
    while (n) fw_buf_putc(b, (uint8_t)digits[--n]);
}

/* A ROW value is a JSON object by field name: begin, then each field's name and value, then end. */
FW_INLINE void fw_row_begin(fw_buf *b) {
    fw_buf_putc(b, '{');
}

/* Appends "name": to a JSON object under construction (the caller writes { , and }). */
FW_INLINE void fw_buf_json_key(fw_buf *b, const char *name) {
    fw_buf_json_string(b, name, fw_strlen(name));
    fw_buf_putc(b, ':');
}

/* Starts the next field of a ROW under construction: a comma when needed, then "name":. */
FW_INLINE void fw_row_field(fw_buf *b, const char *name) {
    if (b->len && b->data[b->len - 1] != '{') fw_buf_putc(b, ',');
    fw_buf_json_key(b, name);
}

FW_INLINE void fw_row_end(fw_buf *b) {
    fw_buf_putc(b, '}');
}

/* ---------------------------------------------------------------- aggregates ------------- */
/*
 * An aggregate (SPEC section 7) is a state the guest defines, kept by the host as bytes between
 * calls. For a state of fixed size (a plain struct) the bytes are the struct itself:
 *
 *     typedef struct { int64_t sum; } my_state;
 *     FW_EXPORT(my_create) int64_t my_create(void) { my_state s = {0}; return FW_STATE_RESULT(&s); }
 *     FW_EXPORT(my_accumulate) int64_t my_accumulate(int32_t p, int32_t n, int64_t x) {
 *         my_state s; FW_STATE_LOAD(&s, p, n); s.sum += x; return FW_STATE_RESULT(&s);
 *     }
 *     FW_EXPORT(my_result) int64_t my_result(int32_t p, int32_t n) { my_state s; FW_STATE_LOAD(&s, p, n); return s.sum; }
 *
 * A state of varying size writes and reads its own bytes with fw_buf and fw_arg_bytes.
 */

/* Copies the accumulator bytes (p, n) into *state; traps when the size is not the state's. */
#define FW_STATE_LOAD(state, p, n) fw_state_load((state), sizeof *(state), (p), (n))
/* Hands a copy of *state to the host as the new accumulator. */
#define FW_STATE_RESULT(state) fw_result((state), sizeof *(state))

FW_INLINE void fw_state_load(void *state, size_t size, int32_t p, int32_t n) {
    if ((size_t)(uint32_t)n != size) __builtin_trap();
    memcpy(state, (const void *)(uintptr_t)p, size);
}

/* The natural logarithm, for estimates (no libm in a freestanding module). */
FW_INLINE double fw_ln(double x) {
    if (x <= 0) return -1.0 / 0.0;
    int e = 0;
    while (x > 2.0) { x /= 2.0; e++; }
    while (x < 1.0) { x *= 2.0; e--; }
    /* ln(x) = 2 atanh(y), y = (x - 1) / (x + 1), |y| < 1/3 */
    double y = (x - 1.0) / (x + 1.0), y2 = y * y, term = y, sum = 0;
    for (int k = 1; k < 60; k += 2) {
        sum += term / k;
        term *= y2;
    }
    return 2.0 * sum + e * 0.69314718055994530942;
}

/* ---------------------------------------------------------------- process functions ------ */
/*
 * Process functions (SPEC section 7, kind "process"): a Flink process table function over a
 * table partitioned by key, with state per key and event-time timers. The state is a plain
 * struct T, copied as bytes; the host keeps them in Flink state (checkpointed and restored).
 *
 *     typedef struct { int64_t start, end, events; } session;
 *     static int on_row(session *s, int fresh, const char *row, size_t n) { ...; return 1; }
 *     static int on_timer(session *s, int64_t ts) { ...; return 0; }
 *     FW_PROCESS(sessions, session, on_row)              exports sessions(...)
 *     FW_PROCESS_ON_TIMER(sessions, session, on_timer)   exports sessions_on_timer(...)
 *
 * on_row gets the row as JSON text (an object of the params ROW's columns) and fresh = 1 when
 * the key has no state yet (*s is then zeroed; state of another size also counts as none).
 * Return 1 to keep *s as the key's new state, 0 to clear it. The imports below are valid only
 * while on_row or on_timer runs.
 */

__attribute__((import_module("flink_wasm"), import_name("emit"))) void fw__host_emit(int32_t ptr, int32_t len);
__attribute__((import_module("flink_wasm"), import_name("timer_set"))) void fw__host_timer_set(int64_t t);
__attribute__((import_module("flink_wasm"), import_name("timer_delete"))) void fw__host_timer_delete(int64_t t);
__attribute__((import_module("flink_wasm"), import_name("watermark"))) int64_t fw__host_watermark(void);
__attribute__((import_module("flink_wasm"), import_name("time"))) int64_t fw__host_time(void);

/* Emits one output row: JSON text of the function's returns ROW. The host copies it at once. */
FW_INLINE void fw_emit(const void *json, size_t n) { fw__host_emit((int32_t)(uintptr_t)json, (int32_t)n); }
/* Emits the buffer's JSON and empties it (its block stays for reuse; fw_buf_free when done). */
FW_INLINE void fw_emit_buf(fw_buf *b) { fw_emit(b->data, b->len); b->len = 0; }
/* An event-time timer for the current key at t (epoch ms); on_timer runs when the watermark passes it. */
FW_INLINE void fw_timer_set(int64_t t) { fw__host_timer_set(t); }
/* Deletes the current key's timer at t, if any. */
FW_INLINE void fw_timer_delete(int64_t t) { fw__host_timer_delete(t); }
/* The current watermark in epoch ms; INT64_MIN before the first. */
FW_INLINE int64_t fw_watermark(void) { return fw__host_watermark(); }
/* The row's event time (on_time) or the timer's time, in epoch ms; INT64_MIN when there is none. */
FW_INLINE int64_t fw_time(void) { return fw__host_time(); }

/*
 * Finds the value of a top-level field of a JSON object (a row). Returns 1 and sets *v / *vn to
 * the raw value text (a string value without its quotes, escapes left as they are), 0 when the
 * field is missing or null.
 */
FW_INLINE int fw_row_get(const char *row, size_t n, const char *name, const char **v, size_t *vn) {
    size_t k = fw_strlen(name), depth = 0, i = 0;
    while (i < n) {
        char c = row[i];
        if (c == '"') {
            size_t s = ++i;
            while (i < n && row[i] != '"') i += row[i] == '\\' ? 2 : 1;
            size_t e = i++;
            while (i < n && (row[i] == ' ' || row[i] == '\t' || row[i] == '\n' || row[i] == '\r')) i++;
            if (depth == 1 && i < n && row[i] == ':' && e - s == k && memcmp(row + s, name, k) == 0) {
                i++;
                while (i < n && (row[i] == ' ' || row[i] == '\t' || row[i] == '\n' || row[i] == '\r')) i++;
                if (i >= n || (row[i] == 'n' && i + 4 <= n && memcmp(row + i, "null", 4) == 0)) return 0;
                if (row[i] == '"') {
                    size_t vs = ++i;
                    while (i < n && row[i] != '"') i += row[i] == '\\' ? 2 : 1;
                    *v = row + vs;
                    *vn = i - vs;
                    return 1;
                }
                size_t vs = i;
                while (i < n && row[i] != ',' && row[i] != '}' && row[i] != ']') i++;
                *v = row + vs;
                *vn = i - vs;
                return 1;
            }
            continue;
        }
        if (c == '{' || c == '[') depth++;
        if (c == '}' || c == ']') depth--;
        i++;
    }
    return 0;
}

/* A top-level integer field of a row, or dflt when missing or null. */
FW_INLINE int64_t fw_row_i64(const char *row, size_t n, const char *name, int64_t dflt) {
    const char *v;
    size_t vn;
    if (!fw_row_get(row, n, name, &v, &vn)) return dflt;
    int neg = vn > 0 && v[0] == '-';
    int64_t r = 0;
    for (size_t i = neg; i < vn && v[i] >= '0' && v[i] <= '9'; i++) r = r * 10 + (v[i] - '0');
    return neg ? -r : r;
}

/* A top-level boolean field of a row: 1 for true, 0 for false, missing or null. */
FW_INLINE int fw_row_bool(const char *row, size_t n, const char *name) {
    const char *v;
    size_t vn;
    return fw_row_get(row, n, name, &v, &vn) && vn == 4 && memcmp(v, "true", 4) == 0;
}

/* Reads the key's state into *st (size bytes); returns 1 (and zeroes *st) when there is none. */
FW_INLINE int fw__state_in(void *st, size_t size, int32_t sp, int32_t sl) {
    if ((size_t)(uint32_t)sl != size) {
        memset(st, 0, size);
        return 1;
    }
    memcpy(st, (const void *)(uintptr_t)sp, size);
    return 0;
}

#define FW_PROCESS(name, T, on_row)                                                          \
    FW_EXPORT(name) int64_t name(int32_t sp, int32_t sl, int32_t rp, int32_t rl) {          \
        T st;                                                                                \
        int fresh = fw__state_in(&st, sizeof(T), sp, sl);                                    \
        int keep = on_row(&st, fresh, (const char *)(uintptr_t)rp, (size_t)(uint32_t)rl);     \
        return keep ? fw_result(&st, sizeof(T)) : fw_pack(0, 0);                             \
    }

#define FW_PROCESS_ON_TIMER(name, T, on_timer)                                               \
    FW_EXPORT(name##_on_timer) int64_t name##_on_timer(int32_t sp, int32_t sl, int64_t ts) { \
        T st;                                                                                \
        fw__state_in(&st, sizeof(T), sp, sl);                                                \
        int keep = on_timer(&st, ts);                                                        \
        return keep ? fw_result(&st, sizeof(T)) : fw_pack(0, 0);                             \
    }

#endif /* FLINK_WASM_H */
