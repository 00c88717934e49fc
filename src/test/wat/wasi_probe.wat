;; A WASI guest that tries what the sandbox must refuse, and prints a line.
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_accept" (func $sock_accept (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "/etc/passwd")
  (data (i32.const 128) "hello from the guest\0a")
  ;; errno of opening /etc/passwd relative to fd 3 (0 would mean success)
  (func (export "open_file") (param i32) (result i32)
    (call $path_open (i32.const 3) (i32.const 0) (i32.const 64) (i32.const 11) (i32.const 0)
      (i64.const 2) (i64.const 2) (i32.const 0) (i32.const 256)))
  ;; how many environment variables the guest sees
  (func (export "env_count") (param i32) (result i32)
    (drop (call $environ_sizes_get (i32.const 0) (i32.const 4)))
    (i32.load (i32.const 0)))
  ;; errno of accepting on fd 3
  (func (export "accept") (param i32) (result i32)
    (call $sock_accept (i32.const 3) (i32.const 0) (i32.const 0)))
  ;; writes a line to stdout, returns the errno
  (func (export "hello") (param i32) (result i32)
    (i32.store (i32.const 0) (i32.const 128))
    (i32.store (i32.const 4) (i32.const 21))
    (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
  ;; wall clock in seconds
  (func (export "now_seconds") (param i32) (result i64)
    (drop (call $clock_time_get (i32.const 0) (i64.const 1) (i32.const 16)))
    (i64.div_u (i64.load (i32.const 16)) (i64.const 1000000000))))
