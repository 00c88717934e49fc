//! Deduplication within a time window (a process function, SPEC section 7; plugin dedup_rust).
//! The input is partitioned by the event id: the first row of an id is emitted as
//! (payload, first_seen); later rows with the same id within WINDOW_MS of it are dropped. A timer
//! at first_seen + WINDOW_MS clears the key's state, so state does not grow with the ids seen.

use flink_wasm_guest::process::{self, Row};

const WINDOW_MS: i64 = 60_000;

#[no_mangle]
pub extern "C" fn dedup(sp: i32, sl: i32, rp: i32, rl: i32) -> i64 {
    process::run(sp, sl, rp, rl, |first_seen: Option<i64>, row: Row| {
        let t = process::time();
        if let Some(seen) = first_seen {
            if t - seen < WINDOW_MS {
                return Some(seen); // a duplicate: dropped
            }
        }
        let payload = row.field("payload").unwrap_or("null");
        process::emit(&format!("{{\"payload\":{},\"first_seen\":{}}}", payload, t));
        process::timer_set(t + WINDOW_MS);
        Some(t)
    })
}

#[no_mangle]
pub extern "C" fn dedup_on_timer(sp: i32, sl: i32, ts: i64) -> i64 {
    process::run_on_timer(sp, sl, ts, |first_seen: Option<i64>, ts| match first_seen {
        Some(seen) if seen + WINDOW_MS > ts => Some(seen),
        _ => None, // the window is over: forget the id
    })
}
