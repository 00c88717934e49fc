;; Logs through flink_wasm.log and writes WASI stdout and stderr, for tests of what reaches the log.
(module
  (import "flink_wasm" "log" (func $log (param i32 i32 i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 4)
  (data (i32.const 16) "spam")
  (data (i32.const 32) "line\0a")
  (global $heap (mut i32) (i32.const 1024))
  (func (export "alloc") (param $size i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.add (local.get $p) (local.get $size)))
    (local.get $p))
  (func (export "dealloc") (param i32 i32)
    (global.set $heap (i32.const 1024)))
  ;; logs the text at the level, returns the level
  (func (export "say") (param $level i32) (param $ptr i32) (param $len i32) (result i32)
    (call $log (local.get $level) (local.get $ptr) (local.get $len))
    (local.get $level))
  ;; logs "spam" n times at info, returns n
  (func (export "spam") (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (call $log (i32.const 2) (i32.const 16) (i32.const 4))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $n))
  ;; writes "line\n" n times to the file descriptor (1 stdout, 2 stderr), returns n
  (func (export "print") (param $fd i32) (param $n i32) (result i32)
    (local $i i32)
    (i32.store (i32.const 0) (i32.const 32))
    (i32.store (i32.const 4) (i32.const 5))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (drop (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $n)))
