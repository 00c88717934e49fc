// The host-function sample (plugin text): reads the plugin's config with flink_wasm.config_get
// and writes to the job's log with flink_wasm.log. Built freestanding; imports only flink_wasm.
#include "flink_wasm.h"

// greet(STRING) -> STRING: config value "greeting" (default "Hello") + ", " + name.
// Logs one line at info level per call.
FW_EXPORT(greet)
int64_t greet(int32_t ptr, int32_t len) {
    fw_str name = fw_arg_str(ptr, len);
    fw_str greeting;
    int configured = fw_config_get_cstr("greeting", &greeting);
    if (!configured) {
        greeting.ptr = "Hello";
        greeting.len = 5;
        greeting.owned = 0;
    }
    fw_buf out = {0};
    fw_buf_append(&out, greeting.ptr, greeting.len);
    fw_buf_append(&out, ", ", 2);
    fw_buf_append(&out, name.ptr, name.len);

    fw_buf msg = {0};
    fw_buf_puts(&msg, configured ? "greet: configured greeting for " : "greet: default greeting for ");
    fw_buf_append(&msg, name.ptr, name.len);
    fw_log(FW_INFO, (const char *)msg.data, msg.len);
    fw_buf_free(&msg);

    fw_str_release(&greeting);
    fw_str_release(&name);
    return fw_buf_result(&out);
}

// log_at(INT, STRING) -> INT: logs the message at the given level (0 trace .. 4 error) and
// returns the level, so a host can check every level.
FW_EXPORT(log_at)
int32_t log_at(int32_t level, int32_t ptr, int32_t len) {
    fw_log(level, (const char *)(uintptr_t)ptr, (size_t)(uint32_t)len);
    return level;
}

// config_or(STRING key, STRING fallback) -> STRING: the config value of key, or fallback.
FW_EXPORT(config_or)
int64_t config_or(int32_t key_ptr, int32_t key_len, int32_t def_ptr, int32_t def_len) {
    fw_str value;
    if (fw_config_get((const char *)(uintptr_t)key_ptr, (size_t)(uint32_t)key_len, &value)) {
        int64_t r = fw_pack(value.owned, value.len); // hand the host's block straight back
        return r;
    }
    return fw_result((const void *)(uintptr_t)def_ptr, (size_t)(uint32_t)def_len);
}
