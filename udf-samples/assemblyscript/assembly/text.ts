// The text sample functions in AssemblyScript (plugin text_as). The same functions, with the same
// results, exist in C (c/text_c.c) and Rust (rust/text); udf-samples/README.md defines their
// behaviour. No imports. Each export is a one-line ABI wrapper around a plain function.

import { argBytes, argString, jsonString, resultString, resultStringOrNull, ResultBuilder } from "flink-wasm-guest";
export { alloc, dealloc } from "flink-wasm-guest";

// str_reverse(STRING) -> STRING: the code points in reverse order.
export function str_reverse(ptr: i32, len: i32): i64 {
  return resultString(reverseCodePoints(argString(ptr, len)));
}

// char_count(STRING) -> INT: the number of code points.
export function char_count(ptr: i32, len: i32): i32 {
  return countCodePoints(argString(ptr, len));
}

// url_host(STRING) -> STRING: the host of "scheme://[userinfo@]host[:port][/?#...]", "" if none.
export function url_host(ptr: i32, len: i32): i64 {
  return resultString(urlHost(argString(ptr, len)));
}

// crc32(BYTES) -> BIGINT: CRC-32/IEEE as an unsigned value.
export function crc32(ptr: i32, len: i32): i64 {
  return <i64>crc32Of(argBytes(ptr, len));
}

// parse_ua(STRING) -> ROW<browser STRING, os STRING>, as JSON. The first matching rule wins.
export function parse_ua(ptr: i32, len: i32): i64 {
  return resultString(parseUserAgent(argString(ptr, len)));
}

// split_words(STRING) -> ARRAY<STRING>, as JSON: the runs of characters between ASCII whitespace.
export function split_words(ptr: i32, len: i32): i64 {
  return splitWords(argString(ptr, len)).result();
}

// first_word(STRING) -> STRING: the first run of characters between ASCII whitespace, or NULL
// when there is none.
export function first_word(ptr: i32, len: i32): i64 {
  return resultStringOrNull(firstWord(argString(ptr, len)));
}

function isLowSurrogate(u: i32): bool {
  return (u & 0xFC00) == 0xDC00;
}

function isHighSurrogate(u: i32): bool {
  return (u & 0xFC00) == 0xD800;
}

function reverseCodePoints(s: string): string {
  let n = s.length;
  let out = new StaticArray<u16>(n);
  let i = 0;
  while (i < n) {
    // a code point is one UTF-16 unit, or two for a surrogate pair; it moves as a whole
    let j = i + 1;
    if (isHighSurrogate(s.charCodeAt(i)) && j < n && isLowSurrogate(s.charCodeAt(j))) j++;
    for (let k = i; k < j; k++) out[n - j + (k - i)] = <u16>s.charCodeAt(k);
    i = j;
  }
  return String.UTF16.decodeUnsafe(changetype<usize>(out), <usize>n << 1);
}

function countCodePoints(s: string): i32 {
  let n = s.length;
  let count = 0;
  for (let i = 0; i < n; i++) {
    let u = s.charCodeAt(i);
    // the low half of a surrogate pair does not start a code point
    if (!(isLowSurrogate(u) && i > 0 && isHighSurrogate(s.charCodeAt(i - 1)))) count++;
  }
  return count;
}

function urlHost(url: string): string {
  let i = url.indexOf("://");
  if (i < 0) return "";
  let start = i + 3;
  let end = start;
  while (end < url.length) {
    let c = url.charCodeAt(end);
    if (c == 0x2F || c == 0x3F || c == 0x23) break; // '/', '?', '#'
    end++;
  }
  for (let k = start; k < end; k++) {
    if (url.charCodeAt(k) == 0x40) start = k + 1; // after the last '@' of the authority
  }
  let stop = start;
  if (start < end && url.charCodeAt(start) == 0x5B) { // '[': IPv6 literal, up to and including ']'
    while (stop < end && url.charCodeAt(stop) != 0x5D) stop++;
    if (stop < end) stop++;
  } else {
    while (stop < end && url.charCodeAt(stop) != 0x3A) stop++; // ':'
  }
  return url.substring(start, stop);
}

let crcTable: StaticArray<u32> | null = null;

function crc32Of(data: Uint8Array): u32 {
  let table = crcTable;
  if (table == null) {
    let t = new StaticArray<u32>(256);
    for (let n: u32 = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
      t[n] = c;
    }
    crcTable = t;
    table = t;
  }
  let c: u32 = 0xFFFFFFFF;
  let n = data.length;
  for (let i = 0; i < n; i++) c = table[(c ^ data[i]) & 0xFF] ^ (c >>> 8);
  return c ^ 0xFFFFFFFF;
}

function parseUserAgent(ua: string): string {
  let browser = "Other";
  if (ua.includes("Edg/")) browser = "Edge";
  else if (ua.includes("Chrome/")) browser = "Chrome";
  else if (ua.includes("Firefox/")) browser = "Firefox";
  else if (ua.includes("Safari/")) browser = "Safari";
  let os = "Other";
  if (ua.includes("Windows")) os = "Windows";
  else if (ua.includes("Android")) os = "Android";
  else if (ua.includes("iPhone") || ua.includes("iPad")) os = "iOS";
  else if (ua.includes("Mac OS X")) os = "macOS";
  else if (ua.includes("Linux")) os = "Linux";
  return "{\"browser\":" + jsonString(browser) + ",\"os\":" + jsonString(os) + "}";
}

function isSpace(c: i32): bool {
  // space, \t, \n, \v, \f, \r
  return c == 0x20 || (c >= 0x09 && c <= 0x0D);
}

// Writes the JSON array straight into the result buffer: no managed string per word.
function splitWords(s: string): ResultBuilder {
  let out = new ResultBuilder();
  out.byte(0x5B); // '['
  let n = s.length;
  let i = 0;
  while (i < n) {
    if (isSpace(s.charCodeAt(i))) { i++; continue; }
    let j = i;
    while (j < n && !isSpace(s.charCodeAt(j))) j++;
    if (out.length > 1) out.byte(0x2C); // ','
    out.jsonString(s, i, j);
    i = j;
  }
  return out.byte(0x5D); // ']'
}

function firstWord(s: string): string | null {
  let i = 0;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  if (i == s.length) return null;
  let j = i;
  while (j < s.length && !isSpace(s.charCodeAt(j))) j++;
  return s.substring(i, j);
}
