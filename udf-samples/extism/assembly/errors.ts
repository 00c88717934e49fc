// Test plugin: the ways a plugin function fails.
import { Config, Host, Memory } from "@extism/as-pdk";
import { http_request } from "@extism/as-pdk/lib/env";
import { outputText, setError } from "./common";

/** Fails through error_set when the input contains "boom"; else gives "ok: <input>". */
export function check(): i32 {
  const text = Host.inputString();
  if (text.includes("boom")) {
    setError("refusing input '" + text + "'");
    return 1;
  }
  outputText("ok: " + text);
  return 0;
}

/** Returns 3 without an error message. */
export function bad_code(): i32 {
  outputText("this output is not used");
  return 3;
}

/** Traps (unreachable) after setting an output. */
export function trap(): i32 {
  outputText("partial");
  unreachable();
  return 0;
}

/** An AssemblyScript abort: an array index out of range. */
export function out_of_range(): i32 {
  const a = new Array<i32>(2);
  outputText(a[Host.input().length + 5].toString());
  return 0;
}

/** Asks the host for an HTTP request. */
export function fetch(): i32 {
  const request = Memory.allocateString('{"url": "https://example.com/data", "method": "GET", "headers": {}}');
  const response = http_request(request.offset, 0);
  outputText(response == 0 ? "no response" : "response");
  return 0;
}

/** The value of the config key named by the input, or <none>. */
export function config(): i32 {
  const value = Config.get(Host.inputString());
  outputText(value === null ? "<none>" : value);
  return 0;
}

/** Takes as many 64 KiB blocks of Extism memory as the input says, never freeing them. */
export function hog(): i32 {
  const n = <i32>parseInt(Host.inputString());
  for (let i = 0; i < n; i++) {
    Memory.allocate(65536);
  }
  outputText(n.toString() + " blocks");
  return 0;
}

/** An output of as many bytes as the input says. */
export function big(): i32 {
  const n = <i32>parseInt(Host.inputString());
  const out = new Uint8Array(n);
  out.fill(120); // 'x'
  Host.output(out);
  return 0;
}
