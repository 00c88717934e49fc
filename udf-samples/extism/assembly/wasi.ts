// Test plugin: needs WASI and a reactor's _initialize (built with --exportStart _initialize), and logs.
import { Host, LogLevel } from "@extism/as-pdk";
import { outputText, utf8 } from "./common";

@external("wasi_snapshot_preview1", "fd_write")
declare function fd_write(fd: u32, iovs: usize, iovsLen: u32, written: usize): u16;

// set by _initialize: without it the functions below fail
const STARTED: string = "started:" + (6 * 7).toString();

/** Writes the input to WASI stdout, logs it, and gives "<STARTED> wrote <n> bytes". */
export function hello(): i32 {
  const line = utf8(Host.inputString() + "\n");
  const iov = new StaticArray<u32>(2);
  unchecked(iov[0] = <u32>line.dataStart);
  unchecked(iov[1] = <u32>line.length);
  const written = new StaticArray<u32>(1);
  const errno = fd_write(1, changetype<usize>(iov), 1, changetype<usize>(written));
  Host.log(LogLevel.Info, "hello() wrote " + unchecked(written[0]).toString() + " bytes");
  if (errno != 0) {
    outputText("fd_write failed: " + errno.toString());
    return 0;
  }
  outputText(STARTED + " wrote " + unchecked(written[0]).toString() + " bytes");
  return 0;
}
