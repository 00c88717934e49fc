// Guest side of the flink-wasm calling convention for AssemblyScript.
//
// The entry file of a plugin re-exports the allocator and writes one small wrapper per function:
//
//   export { alloc, dealloc } from "flink-wasm-guest";
//   import { argString, resultString } from "flink-wasm-guest";
//
//   export function upper(ptr: i32, len: i32): i64 {            // STRING -> STRING
//     return resultString(argString(ptr, len).toUpperCase());
//   }
//
// Build with `--use abort=flink-wasm-guest/assembly/index/abortTrap` (or abortLog) so the
// module imports nothing from "env". The host functions flink_wasm.log and
// flink_wasm.config_get are imported only when log() or configGet() is used.

// ------------------------------------------------------------------ allocator exports -----

// Buffers for STRING/BYTES arguments and results live outside the garbage-collected heap
// (heap.alloc / heap.free), so the collector never moves or frees them.
export function alloc(size: i32): i32 {
  if (size < 0) unreachable();
  return <i32>heap.alloc(<usize>size); // a real block even for size 0
}

export function dealloc(ptr: i32, size: i32): void {
  heap.free(<usize>ptr);
}

// ------------------------------------------------------------------ packing ---------------

/** Packs a buffer as a STRING/BYTES result: (ptr << 32) | len. */
export function pack(ptr: usize, len: i32): i64 {
  return (<i64>(<u32>ptr) << 32) | <i64>(<u32>len);
}

export function packedPtr(packed: i64): usize {
  return <usize>(<u64>packed >>> 32);
}

export function packedLen(packed: i64): i32 {
  return <i32>(<u32>packed);
}

// ------------------------------------------------------------------ UTF-8 -----------------

const REPLACEMENT: u32 = 0xFFFD;

// Decodes the code point at ptr + pos[0] and advances pos[0]. An ill-formed sequence gives
// U+FFFD and advances past its maximal subpart (the Unicode / WHATWG practice), the same rule
// as the C and Rust SDKs.
function utf8Next(ptr: usize, len: i32, pos: StaticArray<i32>): u32 {
  let i = pos[0];
  let b = <u32>load<u8>(ptr + i++);
  if (b < 0x80) {
    pos[0] = i;
    return b;
  }
  let need: i32, cp: u32, lo: u32 = 0x80, hi: u32 = 0xBF;
  if (b >= 0xC2 && b <= 0xDF) {
    need = 1; cp = b & 0x1F;
  } else if (b >= 0xE0 && b <= 0xEF) {
    need = 2; cp = b & 0x0F;
    if (b == 0xE0) lo = 0xA0;
    if (b == 0xED) hi = 0x9F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    need = 3; cp = b & 0x07;
    if (b == 0xF0) lo = 0x90;
    if (b == 0xF4) hi = 0x8F;
  } else {
    pos[0] = i;
    return REPLACEMENT;
  }
  while (need-- > 0) {
    if (i >= len) { pos[0] = i; return REPLACEMENT; }
    let c = <u32>load<u8>(ptr + i);
    if (c < lo || c > hi) { pos[0] = i; return REPLACEMENT; } // c is not consumed
    cp = (cp << 6) | (c & 0x3F);
    i++;
    lo = 0x80; hi = 0xBF;
  }
  pos[0] = i;
  return cp;
}

/** True when the len bytes at ptr are well-formed UTF-8. */
export function utf8Valid(ptr: usize, len: i32): bool {
  let pos = new StaticArray<i32>(1);
  while (pos[0] < len) {
    let start = pos[0];
    if (load<u8>(ptr + start) < 0x80) { pos[0] = start + 1; continue; }
    if (utf8Next(ptr, len, pos) == REPLACEMENT) {
      // a literal U+FFFD (EF BF BD) is fine
      if (!(pos[0] - start == 3 && load<u8>(ptr + start) == 0xEF &&
            load<u8>(ptr + start + 1) == 0xBF && load<u8>(ptr + start + 2) == 0xBD)) return false;
    }
  }
  return true;
}

/**
 * Decodes UTF-8 to a string. Ill-formed sequences become U+FFFD (see utf8Next), so the result
 * has no lone surrogates.
 */
export function decodeUtf8(ptr: usize, len: i32): string {
  if (utf8Valid(ptr, len)) return String.UTF8.decodeUnsafe(ptr, <usize>len, false);
  let units = new StaticArray<u16>(len * 2); // at most one unit per byte, two per 4-byte sequence
  let n = 0;
  let pos = new StaticArray<i32>(1);
  while (pos[0] < len) {
    let cp = utf8Next(ptr, len, pos);
    if (cp < 0x10000) {
      units[n++] = <u16>cp;
    } else {
      cp -= 0x10000;
      units[n++] = <u16>(0xD800 | (cp >> 10));
      units[n++] = <u16>(0xDC00 | (cp & 0x3FF));
    }
  }
  return String.UTF16.decodeUnsafe(changetype<usize>(units), <usize>n << 1);
}

// ------------------------------------------------------------------ arguments and results -

/**
 * A STRING argument as a string. The host sends well-formed UTF-8 (Flink strings always are);
 * ill-formed bytes would become U+FFFD.
 */
export function argString(ptr: i32, len: i32): string {
  // The incremental collector lets garbage pile up to about twice the live heap before it runs
  // again; with large arguments that can reach the host's page cap. A full collection before
  // decoding a large argument is cheap compared to the work on it and keeps memory near the
  // size of one call's data.
  if (len >= LARGE_ARGUMENT) __collect();
  return decodeUtf8(<usize>ptr, len);
}

/** Arguments from this size up trigger a full collection first (see argString). */
export const LARGE_ARGUMENT: i32 = 256 * 1024;

/** A BYTES argument, copied into a Uint8Array. */
export function argBytes(ptr: i32, len: i32): Uint8Array {
  if (len >= LARGE_ARGUMENT) __collect();
  let out = new Uint8Array(len);
  memory.copy(out.dataStart, <usize>ptr, <usize>len);
  return out;
}

/** Copies len bytes at ptr into a new buffer from alloc and packs it. */
export function resultRaw(ptr: usize, len: i32): i64 {
  let buf = heap.alloc(<usize>len);
  memory.copy(buf, ptr, <usize>len);
  return pack(buf, len);
}

/** A STRING result: the string as UTF-8 (a lone surrogate becomes U+FFFD). */
export function resultString(s: string): i64 {
  let len = String.UTF8.byteLength(s, false);
  let buf = heap.alloc(<usize>len);
  String.UTF8.encodeUnsafe(changetype<usize>(s), s.length, buf, false, String.UTF8.ErrorMode.REPLACE);
  return pack(buf, len);
}

/** A BYTES result. */
export function resultBytes(b: Uint8Array): i64 {
  return resultRaw(b.dataStart, b.length);
}

// ------------------------------------------------------------------ NULL results ----------

// SQL NULL as the result of a STRING, BYTES or JSON-encoded function: the packed value -1 (every
// bit set). Nothing is allocated and the host frees nothing. A number result is NULL through a
// value of the function's choice that its manifest entry names: "null_result": -1 (or "NaN" for
// FLOAT and DOUBLE).
export const NULL_RESULT: i64 = -1;

export function resultNull(): i64 {
  return NULL_RESULT;
}

// A STRING result, or SQL NULL for null.
export function resultStringOrNull(s: string | null): i64 {
  return s === null ? NULL_RESULT : resultString(s);
}

// ------------------------------------------------------------------ JSON ------------------

const HEX = "0123456789abcdef";

/**
 * s as a JSON string literal, quotes included: " and \ are escaped, \b \f \n \r \t use their
 * short forms, other characters below U+0020 become \u00xx (lowercase hex), everything else is
 * kept as is.
 */
export function jsonString(s: string): string {
  let parts = new Array<string>();
  parts.push("\"");
  let start = 0;
  let n = s.length;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0x20 && c != 0x22 && c != 0x5C) continue;
    if (i > start) parts.push(s.substring(start, i));
    if (c == 0x22) parts.push("\\\"");
    else if (c == 0x5C) parts.push("\\\\");
    else if (c == 0x08) parts.push("\\b");
    else if (c == 0x0C) parts.push("\\f");
    else if (c == 0x0A) parts.push("\\n");
    else if (c == 0x0D) parts.push("\\r");
    else if (c == 0x09) parts.push("\\t");
    else parts.push("\\u00" + HEX.charAt(c >> 4) + HEX.charAt(c & 15));
    start = i + 1;
  }
  if (n > start) parts.push(s.substring(start, n));
  parts.push("\"");
  return parts.join("");
}

/**
 * Builds a STRING/BYTES result directly as UTF-8 in a buffer outside the garbage-collected heap,
 * so a large result costs no managed strings. result() hands the buffer to the host.
 *
 *   let out = new ResultBuilder();
 *   out.ascii("[").jsonString(word).ascii("]");
 *   return out.result();
 */
export class ResultBuilder {
  private ptr: usize = 0;
  private len: i32 = 0;
  private cap: i32 = 0;

  get length(): i32 { return this.len; }

  reserve(extra: i32): void {
    let need = this.len + extra;
    if (need <= this.cap) return;
    let cap = max(need, max(this.cap << 1, 64));
    this.ptr = this.ptr == 0 ? heap.alloc(<usize>cap) : heap.realloc(this.ptr, <usize>cap);
    this.cap = cap;
  }

  byte(b: i32): ResultBuilder {
    this.reserve(1);
    store<u8>(this.ptr + this.len++, <u8>b);
    return this;
  }

  /** Appends n raw bytes from memory. */
  bytes(src: usize, n: i32): ResultBuilder {
    this.reserve(n);
    memory.copy(this.ptr + this.len, src, <usize>n);
    this.len += n;
    return this;
  }

  /** Appends a string known to be ASCII (a literal such as "[" or "{\"a\":"). */
  ascii(s: string): ResultBuilder {
    let n = s.length;
    this.reserve(n);
    for (let i = 0; i < n; i++) store<u8>(this.ptr + this.len + i, <u8>s.charCodeAt(i));
    this.len += n;
    return this;
  }

  /** Appends one code point as UTF-8. */
  codePoint(cp: u32): ResultBuilder {
    this.reserve(4);
    let p = this.ptr + this.len;
    if (cp < 0x80) {
      store<u8>(p, <u8>cp); this.len += 1;
    } else if (cp < 0x800) {
      store<u8>(p, <u8>(0xC0 | (cp >> 6)));
      store<u8>(p, <u8>(0x80 | (cp & 0x3F)), 1);
      this.len += 2;
    } else if (cp < 0x10000) {
      store<u8>(p, <u8>(0xE0 | (cp >> 12)));
      store<u8>(p, <u8>(0x80 | ((cp >> 6) & 0x3F)), 1);
      store<u8>(p, <u8>(0x80 | (cp & 0x3F)), 2);
      this.len += 3;
    } else {
      store<u8>(p, <u8>(0xF0 | (cp >> 18)));
      store<u8>(p, <u8>(0x80 | ((cp >> 12) & 0x3F)), 1);
      store<u8>(p, <u8>(0x80 | ((cp >> 6) & 0x3F)), 2);
      store<u8>(p, <u8>(0x80 | (cp & 0x3F)), 3);
      this.len += 4;
    }
    return this;
  }

  /** Appends s[start, end) as UTF-8 (a lone surrogate becomes U+FFFD). */
  string(s: string, start: i32 = 0, end: i32 = i32.MAX_VALUE): ResultBuilder {
    end = min(end, s.length);
    this.reserve(end - start);
    for (let i = start; i < end; i++) {
      let c = <u32>s.charCodeAt(i);
      if (c < 0x80) { this.byte(c); continue; }
      this.codePoint(nextCodePoint(s, i, end, c));
      if (c >= 0xD800 && c < 0xDC00 && i + 1 < end && (s.charCodeAt(i + 1) & 0xFC00) == 0xDC00) i++;
    }
    return this;
  }

  /** Appends s[start, end) as a JSON string literal, escaped as jsonString() does. */
  jsonString(s: string, start: i32 = 0, end: i32 = i32.MAX_VALUE): ResultBuilder {
    end = min(end, s.length);
    this.reserve(end - start + 2);
    this.byte(0x22);
    for (let i = start; i < end; i++) {
      let c = <u32>s.charCodeAt(i);
      if (c >= 0x20 && c < 0x80 && c != 0x22 && c != 0x5C) { this.byte(c); continue; }
      if (c == 0x22) this.ascii("\\\"");
      else if (c == 0x5C) this.ascii("\\\\");
      else if (c == 0x08) this.ascii("\\b");
      else if (c == 0x0C) this.ascii("\\f");
      else if (c == 0x0A) this.ascii("\\n");
      else if (c == 0x0D) this.ascii("\\r");
      else if (c == 0x09) this.ascii("\\t");
      else if (c < 0x20) this.ascii("\\u00").byte(HEX.charCodeAt(c >> 4)).byte(HEX.charCodeAt(c & 15));
      else {
        this.codePoint(nextCodePoint(s, i, end, c));
        if (c >= 0xD800 && c < 0xDC00 && i + 1 < end && (s.charCodeAt(i + 1) & 0xFC00) == 0xDC00) i++;
      }
    }
    return this.byte(0x22);
  }

  /** Hands the bytes to the host as the result; the builder is empty afterwards. */
  result(): i64 {
    if (this.ptr == 0) this.ptr = heap.alloc(0);
    let r = pack(this.ptr, this.len);
    this.ptr = 0;
    this.len = 0;
    this.cap = 0;
    return r;
  }
}

// The code point starting with unit c at s[i] (end bounds a surrogate pair); U+FFFD for a lone
// surrogate.
function nextCodePoint(s: string, i: i32, end: i32, c: u32): u32 {
  if ((c & 0xF800) != 0xD800) return c;
  if (c < 0xDC00 && i + 1 < end) {
    let d = <u32>s.charCodeAt(i + 1);
    if ((d & 0xFC00) == 0xDC00) return 0x10000 + ((c & 0x3FF) << 10) + (d & 0x3FF);
  }
  return REPLACEMENT;
}

// ------------------------------------------------------------------ host functions --------

export namespace Level {
  export const TRACE: i32 = 0;
  export const DEBUG: i32 = 1;
  export const INFO: i32 = 2;
  export const WARN: i32 = 3;
  export const ERROR: i32 = 4;
}

// @ts-ignore: decorator
@external("flink_wasm", "log")
declare function hostLog(level: i32, ptr: usize, len: i32): void;

// @ts-ignore: decorator
@external("flink_wasm", "config_get")
declare function hostConfigGet(keyPtr: usize, keyLen: i32): i64;

/** Writes a line to the job's log through flink_wasm.log (level: see Level). */
export function log(level: i32, msg: string): void {
  let buf = String.UTF8.encode(msg, false, String.UTF8.ErrorMode.REPLACE);
  hostLog(level, changetype<usize>(buf), buf.byteLength);
}

/** The plugin's config value for key through flink_wasm.config_get, or null when absent. */
export function configGet(key: string): string | null {
  let k = String.UTF8.encode(key, false, String.UTF8.ErrorMode.REPLACE);
  let r = hostConfigGet(changetype<usize>(k), k.byteLength);
  if (r == -1) return null;
  let ptr = packedPtr(r);
  let value = decodeUtf8(ptr, packedLen(r));
  heap.free(ptr); // the host obtained it from our alloc
  return value;
}

// ------------------------------------------------------------------ abort handlers --------

/** Abort handler that traps without importing anything: --use abort=<this module>/abortTrap */
export function abortTrap(message: string | null, fileName: string | null, line: u32, column: u32): void {
  unreachable();
}

/** Abort handler that logs the message at error level through flink_wasm.log, then traps. */
export function abortLog(message: string | null, fileName: string | null, line: u32, column: u32): void {
  let text = "abort: " + (message ? message! : "(no message)");
  if (fileName) text += " at " + fileName! + ":" + line.toString() + ":" + column.toString();
  log(Level.ERROR, text);
  unreachable();
}

// ------------------------------------------------------------------ table functions and aggregates
// (SPEC section 7)

// A table function returns its rows as one JSON list, one element per row (a value of the
// function's `returns` type, such as jsonString(s) for STRING or jsonRow(...) for a ROW).
export function resultRows(rows: string[]): i64 {
  return resultString("[" + rows.join(",") + "]");
}

// A ROW value as JSON, by field name: jsonRow(["token", "pos"], [jsonString(w), pos.toString()]).
export function jsonRow(names: string[], values: string[]): string {
  let parts = new Array<string>();
  for (let i = 0; i < names.length; i++) {
    parts.push(jsonString(names[i]) + ":" + values[i]);
  }
  return "{" + parts.join(",") + "}";
}

// An aggregate's state, kept by the host as bytes between calls: a class that extends
// Aggregate says how it becomes bytes (encode) and reads them back in a static decode of its
// own. The exports E_create, E_accumulate, E_retract, E_merge and E_result take the accumulator
// as (ptr, len): read it with argBytes, return the new one with resultState.
export abstract class Aggregate {
  abstract encode(): Uint8Array;
}

export function resultState(state: Aggregate): i64 {
  return resultBytes(state.encode());
}

// ------------------------------------------------------------------ process functions -----
//
// Process functions (SPEC section 7, kind "process"): a Flink process table function over a
// table partitioned by key, with state per key and event-time timers. The state here is a list
// of i64 the SDK (de)serialises; an empty list clears it:
//
//   export function failures(sp: i32, sl: i32, rp: i32, rl: i32): i64 {
//     let state = stateI64s(sp, sl);          // the key's state, [] when none
//     let row = argRow(rp, rl);               // the row: row.string("user"), row.bool("ok"), ...
//     ... emit("{\"n\":1}"); timerSet(eventTime() + 1000);
//     return resultI64s(state);               // the new state
//   }
//   export function failures_on_timer(sp: i32, sl: i32, ts: i64): i64 { ... }
//
// emit, the timers and the clocks are valid only while the export runs.

// @ts-ignore: decorator
@external("flink_wasm", "emit")
declare function hostEmit(ptr: usize, len: i32): void;

// @ts-ignore: decorator
@external("flink_wasm", "timer_set")
declare function hostTimerSet(t: i64): void;

// @ts-ignore: decorator
@external("flink_wasm", "timer_delete")
declare function hostTimerDelete(t: i64): void;

// @ts-ignore: decorator
@external("flink_wasm", "watermark")
declare function hostWatermark(): i64;

// @ts-ignore: decorator
@external("flink_wasm", "time")
declare function hostTime(): i64;

/** Emits one output row: JSON text of the function's returns ROW. */
export function emit(json: string): void {
  let buf = String.UTF8.encode(json, false, String.UTF8.ErrorMode.REPLACE);
  hostEmit(changetype<usize>(buf), buf.byteLength);
}

/** An event-time timer for the current key at t (epoch ms); E_on_timer runs when the watermark passes it. */
export function timerSet(t: i64): void {
  hostTimerSet(t);
}

/** Deletes the current key's timer at t, if any. */
export function timerDelete(t: i64): void {
  hostTimerDelete(t);
}

/** The current watermark in epoch ms; i64.MIN_VALUE before the first. */
export function watermark(): i64 {
  return hostWatermark();
}

/** The row's event time (on_time) or the timer's time, in epoch ms; i64.MIN_VALUE when none. */
export function eventTime(): i64 {
  return hostTime();
}

/** The key's state as a list of i64 ([] when there is none). */
export function stateI64s(ptr: i32, len: i32): Array<i64> {
  let n = len >> 3;
  let out = new Array<i64>(n);
  for (let i = 0; i < n; i++) out[i] = load<i64>(<usize>ptr + (<usize>i << 3));
  return out;
}

/** The key's new state from a list of i64; an empty list clears it. */
export function resultI64s(values: Array<i64>): i64 {
  let len = values.length << 3;
  let buf = heap.alloc(<usize>len);
  for (let i = 0; i < values.length; i++) store<i64>(buf + (<usize>i << 3), values[i]);
  return pack(buf, len);
}

/** An input row: JSON text of an object with the params ROW's columns. */
export class Row {
  constructor(public json: string) {}

  /** The raw JSON text of a top-level field's value (strings keep their quotes); null when missing or null. */
  field(name: string): string | null {
    let s = this.json;
    let depth = 0;
    let i = 0;
    while (i < s.length) {
      let c = s.charCodeAt(i);
      if (c == 34) { // "
        let start = i + 1;
        i = skipString(s, i);
        let key = s.substring(start, i - 1);
        let j = skipSpace(s, i);
        if (depth == 1 && j < s.length && s.charCodeAt(j) == 58 && key == name) {
          j = skipSpace(s, j + 1);
          let end = j;
          if (j < s.length && s.charCodeAt(j) == 34) {
            end = skipString(s, j);
          } else {
            while (end < s.length) {
              let d = s.charCodeAt(end);
              if (d == 44 || d == 125 || d == 93) break;
              end++;
            }
          }
          let v = s.substring(j, end).trimEnd();
          return v == "null" ? null : v;
        }
        continue;
      }
      if (c == 123 || c == 91) depth++;
      if (c == 125 || c == 93) depth--;
      i++;
    }
    return null;
  }

  /** A top-level string field without its quotes (escapes left as they are), or null. */
  string(name: string): string | null {
    let v = this.field(name);
    if (v == null) return null;
    let t = v!;
    return t.length >= 2 && t.charCodeAt(0) == 34 ? t.substring(1, t.length - 1) : t;
  }

  /** A top-level integer field, or dflt. */
  i64(name: string, dflt: i64): i64 {
    let v = this.field(name);
    return v == null ? dflt : I64.parseInt(v!);
  }

  /** A top-level boolean field: true only for true. */
  bool(name: string): bool {
    let v = this.field(name);
    return v != null && v! == "true";
  }
}

function skipString(s: string, start: i32): i32 {
  let i = start + 1;
  while (i < s.length && s.charCodeAt(i) != 34) i += s.charCodeAt(i) == 92 ? 2 : 1;
  return i + 1;
}

function skipSpace(s: string, i: i32): i32 {
  while (i < s.length) {
    let c = s.charCodeAt(i);
    if (c != 32 && c != 9 && c != 10 && c != 13) break;
    i++;
  }
  return i;
}

/** The row argument of a process function. */
export function argRow(ptr: i32, len: i32): Row {
  return new Row(decodeUtf8(<usize>ptr, len));
}
