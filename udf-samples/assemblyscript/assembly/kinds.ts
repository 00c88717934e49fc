// The table and aggregate sample functions in AssemblyScript (plugin kinds_as): tokens and top_k,
// with the same results as in C (c/kinds_c.c) and Rust (rust/kinds).

import { Aggregate, argBytes, argString, jsonRow, jsonString, resultRows, resultState, resultString } from "flink-wasm-guest";
export { alloc, dealloc } from "flink-wasm-guest";

function isSpace(c: i32): bool {
  return c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d || c == 0x0b || c == 0x0c;
}

// tokens(STRING) -> rows ROW<token STRING, pos INT>: the words split at ASCII whitespace, from 1.
export function tokens(ptr: i32, len: i32): i64 {
  let s = argString(ptr, len);
  let rows = new Array<string>();
  let i = 0;
  while (i < s.length) {
    while (i < s.length && isSpace(s.charCodeAt(i))) i++;
    let start = i;
    while (i < s.length && !isSpace(s.charCodeAt(i))) i++;
    if (i > start) {
      rows.push(jsonRow(["token", "pos"], [jsonString(s.substring(start, i)), (rows.length + 1).toString()]));
    }
  }
  return resultRows(rows);
}

const TOP_K = 5;

// The 5 largest distinct values, largest first. Bytes: count, then 5 values, each i64 little-endian.
class Top extends Aggregate {
  values: i64[] = [];

  add(x: i64): void {
    if (this.values.includes(x)) return;
    if (this.values.length == TOP_K && x <= this.values[TOP_K - 1]) return;
    this.values.push(x);
    let i = this.values.length - 1;
    while (i > 0 && this.values[i - 1] < x) {
      this.values[i] = this.values[i - 1];
      i--;
    }
    this.values[i] = x;
    if (this.values.length > TOP_K) this.values.length = TOP_K;
  }

  encode(): Uint8Array {
    let out = new Uint8Array(8 * (TOP_K + 1));
    let view = new DataView(out.buffer);
    view.setInt64(0, <i64>this.values.length, true);
    for (let i = 0; i < this.values.length; i++) view.setInt64(8 * (i + 1), this.values[i], true);
    return out;
  }

  static decode(bytes: Uint8Array): Top {
    if (bytes.length != 8 * (TOP_K + 1)) unreachable();
    let view = new DataView(bytes.buffer);
    let t = new Top();
    let n = <i32>view.getInt64(0, true);
    for (let i = 0; i < n; i++) t.values.push(view.getInt64(8 * (i + 1), true));
    return t;
  }
}

export function top_k_create(): i64 {
  return resultState(new Top());
}

export function top_k_accumulate(ap: i32, an: i32, x: i64): i64 {
  let t = Top.decode(argBytes(ap, an));
  t.add(x);
  return resultState(t);
}

export function top_k_merge(ap: i32, an: i32, bp: i32, bn: i32): i64 {
  let a = Top.decode(argBytes(ap, an));
  let b = Top.decode(argBytes(bp, bn));
  for (let i = 0; i < b.values.length; i++) a.add(b.values[i]);
  return resultState(a);
}

// top_k(BIGINT) -> ARRAY<BIGINT>, as JSON.
export function top_k_result(ap: i32, an: i32): i64 {
  let t = Top.decode(argBytes(ap, an));
  let parts = new Array<string>();
  for (let i = 0; i < t.values.length; i++) parts.push(t.values[i].toString());
  return resultString("[" + parts.join(",") + "]");
}
