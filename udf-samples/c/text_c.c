// The text sample functions in C (plugin text_c). The same functions, with the same results, exist
// in Rust (rust/text) and AssemblyScript (assemblyscript/assembly/text.ts); udf-samples/README.md
// defines their behaviour. Built freestanding: no libc, no imports.
#include "flink_wasm.h"

// str_reverse(STRING) -> STRING: the code points in reverse order.
FW_EXPORT(str_reverse)
int64_t str_reverse(int32_t ptr, int32_t len) {
    fw_str s = fw_arg_str(ptr, len);
    const uint8_t *in = (const uint8_t *)s.ptr;
    uint8_t *out = (uint8_t *)fw_alloc(s.len);
    // each code point [i, j) of the input lands at [n - j, n - i) of the output
    for (size_t i = 0; i < s.len;) {
        size_t start = i;
        fw_utf8_next(in, s.len, &i);
        memcpy(out + s.len - i, in + start, i - start);
    }
    int64_t r = fw_pack(out, s.len);
    fw_str_release(&s);
    return r;
}

// char_count(STRING) -> INT: the number of code points.
FW_EXPORT(char_count)
int32_t char_count(int32_t ptr, int32_t len) {
    fw_str s = fw_arg_str(ptr, len);
    int32_t count = 0;
    for (size_t i = 0; i < s.len; i++) {
        if (((uint8_t)s.ptr[i] & 0xC0) != 0x80) count++; // every byte but continuation bytes
    }
    fw_str_release(&s);
    return count;
}

static size_t find(const char *s, size_t n, size_t from, const char *needle, size_t m) {
    for (size_t i = from; i + m <= n; i++) {
        if (memcmp(s + i, needle, m) == 0) return i;
    }
    return (size_t)-1;
}

static int contains(const char *s, size_t n, const char *needle) {
    return find(s, n, 0, needle, fw_strlen(needle)) != (size_t)-1;
}

// url_host(STRING) -> STRING: the host of "scheme://[userinfo@]host[:port][/?#...]", "" if none.
FW_EXPORT(url_host)
int64_t url_host(int32_t ptr, int32_t len) {
    fw_str s = fw_arg_str(ptr, len);
    size_t start = find(s.ptr, s.len, 0, "://", 3);
    int64_t r;
    if (start == (size_t)-1) {
        r = fw_result(s.ptr, 0);
    } else {
        start += 3;
        size_t end = start;
        while (end < s.len && s.ptr[end] != '/' && s.ptr[end] != '?' && s.ptr[end] != '#') end++;
        for (size_t i = start; i < end; i++) {
            if (s.ptr[i] == '@') start = i + 1; // after the last '@' of the authority
        }
        size_t stop = start;
        if (start < end && s.ptr[start] == '[') { // IPv6 literal: up to and including ']'
            while (stop < end && s.ptr[stop] != ']') stop++;
            if (stop < end) stop++;
        } else {
            while (stop < end && s.ptr[stop] != ':') stop++;
        }
        r = fw_result(s.ptr + start, stop - start);
    }
    fw_str_release(&s);
    return r;
}

// crc32(BYTES) -> BIGINT: CRC-32/IEEE (reflected, polynomial 0xEDB88320), unsigned.
static uint32_t crc_table[256];
static int crc_ready;

FW_EXPORT(crc32)
int64_t crc32(int32_t ptr, int32_t len) {
    if (!crc_ready) {
        for (uint32_t n = 0; n < 256; n++) {
            uint32_t c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            crc_table[n] = c;
        }
        crc_ready = 1;
    }
    fw_bytes b = fw_arg_bytes(ptr, len);
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < b.len; i++) c = crc_table[(c ^ b.ptr[i]) & 0xFF] ^ (c >> 8);
    return (int64_t)(uint32_t)(c ^ 0xFFFFFFFFu);
}

// parse_ua(STRING) -> ROW<browser STRING, os STRING>, as JSON. The first matching rule wins.
FW_EXPORT(parse_ua)
int64_t parse_ua(int32_t ptr, int32_t len) {
    fw_str s = fw_arg_str(ptr, len);
    const char *browser = "Other";
    if (contains(s.ptr, s.len, "Edg/")) browser = "Edge";
    else if (contains(s.ptr, s.len, "Chrome/")) browser = "Chrome";
    else if (contains(s.ptr, s.len, "Firefox/")) browser = "Firefox";
    else if (contains(s.ptr, s.len, "Safari/")) browser = "Safari";
    const char *os = "Other";
    if (contains(s.ptr, s.len, "Windows")) os = "Windows";
    else if (contains(s.ptr, s.len, "Android")) os = "Android";
    else if (contains(s.ptr, s.len, "iPhone") || contains(s.ptr, s.len, "iPad")) os = "iOS";
    else if (contains(s.ptr, s.len, "Mac OS X")) os = "macOS";
    else if (contains(s.ptr, s.len, "Linux")) os = "Linux";
    fw_str_release(&s);

    fw_buf out = {0};
    fw_buf_puts(&out, "{\"browser\":");
    fw_buf_json_string(&out, browser, fw_strlen(browser));
    fw_buf_puts(&out, ",\"os\":");
    fw_buf_json_string(&out, os, fw_strlen(os));
    fw_buf_putc(&out, '}');
    return fw_buf_result(&out);
}

static int is_space(uint8_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// split_words(STRING) -> ARRAY<STRING>, as JSON: the runs of characters between ASCII whitespace.
FW_EXPORT(split_words)
int64_t split_words(int32_t ptr, int32_t len) {
    fw_str s = fw_arg_str(ptr, len);
    fw_buf out = {0};
    fw_buf_putc(&out, '[');
    int first = 1;
    for (size_t i = 0; i < s.len;) {
        if (is_space((uint8_t)s.ptr[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < s.len && !is_space((uint8_t)s.ptr[j])) j++;
        if (!first) fw_buf_putc(&out, ',');
        fw_buf_json_string(&out, s.ptr + i, j - i);
        first = 0;
        i = j;
    }
    fw_buf_putc(&out, ']');
    fw_str_release(&s);
    return fw_buf_result(&out);
}

// first_word(STRING) -> STRING: the first run of characters between ASCII whitespace, or NULL
// when there is none (an empty or blank string).
FW_EXPORT(first_word)
int64_t first_word(int32_t ptr, int32_t len) {
    fw_str s = fw_arg_str(ptr, len);
    size_t i = 0;
    while (i < s.len && is_space((uint8_t)s.ptr[i])) i++;
    if (i == s.len) {
        fw_str_release(&s);
        return fw_result_null();
    }
    size_t j = i;
    while (j < s.len && !is_space((uint8_t)s.ptr[j])) j++;
    int64_t r = fw_result(s.ptr + i, j - i);
    fw_str_release(&s);
    return r;
}

// word_index(STRING, STRING) -> INT: the 0-based position of the word among the words of the
// text, or -1 when it is not one of them; the manifest's "null_result": -1 makes that NULL.
FW_EXPORT(word_index)
int32_t word_index(int32_t ptr, int32_t len, int32_t word_ptr, int32_t word_len) {
    fw_str s = fw_arg_str(ptr, len);
    fw_str w = fw_arg_str(word_ptr, word_len);
    int32_t found = -1;
    int32_t n = 0;
    for (size_t i = 0; i < s.len && found < 0;) {
        if (is_space((uint8_t)s.ptr[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < s.len && !is_space((uint8_t)s.ptr[j])) j++;
        if (j - i == w.len && memcmp(s.ptr + i, w.ptr, w.len) == 0) found = n;
        n++;
        i = j;
    }
    fw_str_release(&w);
    fw_str_release(&s);
    return found;
}
