// Test plugin: never returns.
import { Host } from "@extism/as-pdk";
import "./common";

let turns: i64 = 0;

export function spin(): i32 {
  while (turns >= 0) {
    turns++;
  }
  Host.output(new Uint8Array(0));
  return 0;
}
