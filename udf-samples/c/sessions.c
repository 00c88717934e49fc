/*
 * Sessionization by an inactivity gap (a process function, SPEC section 7): per key, events
 * closer than the gap in event time form one session; when the watermark passes the last event
 * plus the gap, a timer emits one row (session_start, session_end, events). Events may arrive out
 * of order: an event joins (and may bridge) the open sessions within the gap of it. The gap is
 * the plugin config's "gap_ms" (default 30000).
 */
#include "flink_wasm.h"

#define MAX_OPEN 16

typedef struct {
    int64_t start;
    int64_t end;
    int64_t events;
} session;

/* The key's open sessions: events can arrive out of order, so more than one can be open. */
typedef struct {
    int32_t count;
    session open[MAX_OPEN];
} sessions_state;

static int64_t gap_ms(void) {
    static int64_t gap = -1;
    if (gap < 0) {
        fw_str v;
        gap = 30000;
        if (fw_config_get_cstr("gap_ms", &v)) {
            int64_t g = 0;
            for (size_t i = 0; i < v.len && v.ptr[i] >= '0' && v.ptr[i] <= '9'; i++) g = g * 10 + (v.ptr[i] - '0');
            if (g > 0) gap = g;
            fw_str_release(&v);
        }
    }
    return gap;
}

static void emit_session(const session *s) {
    fw_buf b = {0};
    fw_buf_putc(&b, '{');
    fw_buf_json_key(&b, "session_start");
    fw_buf_json_int(&b, s->start);
    fw_buf_putc(&b, ',');
    fw_buf_json_key(&b, "session_end");
    fw_buf_json_int(&b, s->end);
    fw_buf_putc(&b, ',');
    fw_buf_json_key(&b, "events");
    fw_buf_json_int(&b, s->events);
    fw_buf_putc(&b, '}');
    fw_emit_buf(&b);
    fw_buf_free(&b);
}

static void remove_at(sessions_state *st, int32_t i) {
    st->open[i] = st->open[--st->count];
}

/* An event at t joins every open session it is within the gap of, merging them. */
static int on_row(sessions_state *st, int fresh, const char *row, size_t n) {
    (void)fresh;
    (void)row;
    (void)n;
    int64_t t = fw_time(), gap = gap_ms();
    session merged = {t, t, 1};
    for (int32_t i = 0; i < st->count;) {
        session *s = &st->open[i];
        if (t >= s->start - gap && t <= s->end + gap) {
            fw_timer_delete(s->end + gap);
            if (s->start < merged.start) merged.start = s->start;
            if (s->end > merged.end) merged.end = s->end;
            merged.events += s->events;
            remove_at(st, i);
        } else {
            i++;
        }
    }
    if (st->count == MAX_OPEN) { /* too many open sessions: close the first one now */
        fw_timer_delete(st->open[0].end + gap);
        emit_session(&st->open[0]);
        remove_at(st, 0);
    }
    st->open[st->count++] = merged;
    fw_timer_set(merged.end + gap);
    return 1;
}

/* The watermark passed ts: every session that ended a gap before it is over. */
static int on_timer(sessions_state *st, int64_t ts) {
    int64_t gap = gap_ms();
    for (int32_t i = 0; i < st->count;) {
        if (st->open[i].end + gap <= ts) {
            emit_session(&st->open[i]);
            remove_at(st, i);
        } else {
            i++;
        }
    }
    return st->count > 0; /* no open session left: clear the key's state */
}

FW_PROCESS(sessions, sessions_state, on_row)
FW_PROCESS_ON_TIMER(sessions, sessions_state, on_timer)
