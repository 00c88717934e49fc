// Test plugin: gives back its input.
import { Host } from "@extism/as-pdk";
import "./common";

export function echo(): i32 {
  Host.output(Host.input());
  return 0;
}

/** The input's length in bytes, as text. */
export function input_size(): i32 {
  Host.output(Uint8Array.wrap(String.UTF8.encode(Host.input().length.toString())));
  return 0;
}
