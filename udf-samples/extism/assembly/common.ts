// Helpers shared by the plugins. Each plugin function is an export `() -> i32` that reads its
// input and writes its output through Extism's host functions (@extism/as-pdk wraps them).
import { Host, Memory } from "@extism/as-pdk";
import { error_set } from "@extism/as-pdk/lib/env";

/** The UTF-8 bytes of a string. */
export function utf8(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

/** Sets the output to the UTF-8 bytes of a string (Host.outputString counts UTF-16 units). */
export function outputText(s: string): void {
  Host.output(utf8(s));
}

/** Sets the plugin's error message; the function then returns a non-zero code. */
export function setError(message: string): void {
  error_set(Memory.allocateString(message).offset);
}

/** AssemblyScript's abort (a failed assertion, an index out of range): an Extism error, then a trap. */
export function abort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  setError("abort: " + (message === null ? "" : message) + " at " + (fileName === null ? "?" : fileName)
    + ":" + line.toString() + ":" + column.toString());
  unreachable();
}
