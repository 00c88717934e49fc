// A rule as a process function (SPEC section 7; plugin logins_as): three failed logins of a user
// within a minute raise one alert row (alert_time, failures). The state is the times of the
// user's recent failures; a timer a minute after the last one forgets them.

import { argRow, emit, eventTime, resultI64s, stateI64s, timerDelete, timerSet } from "flink-wasm-guest";
export { alloc, dealloc } from "flink-wasm-guest";

const WINDOW_MS: i64 = 60_000;
const THRESHOLD: i32 = 3;

function recent(times: Array<i64>, now: i64): Array<i64> {
  let out = new Array<i64>();
  for (let i = 0; i < times.length; i++) {
    if (times[i] > now - WINDOW_MS) out.push(times[i]);
  }
  return out;
}

function latest(times: Array<i64>): i64 {
  let m: i64 = i64.MIN_VALUE;
  for (let i = 0; i < times.length; i++) if (times[i] > m) m = times[i];
  return m;
}

export function failed_logins(sp: i32, sl: i32, rp: i32, rl: i32): i64 {
  let times = stateI64s(sp, sl);
  if (argRow(rp, rl).bool("success")) return resultI64s(times); // only failures count
  let t = eventTime();
  if (times.length > 0) timerDelete(latest(times) + WINDOW_MS);
  times = recent(times, t);
  times.push(t);
  if (times.length >= THRESHOLD) {
    emit("{\"alert_time\":" + t.toString() + ",\"failures\":" + times.length.toString() + "}");
    return resultI64s(new Array<i64>()); // alerted: start counting again
  }
  timerSet(latest(times) + WINDOW_MS);
  return resultI64s(times);
}

export function failed_logins_on_timer(sp: i32, sl: i32, ts: i64): i64 {
  return resultI64s(recent(stateI64s(sp, sl), ts));
}
