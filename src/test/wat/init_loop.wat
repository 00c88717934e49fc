;; A WASI reactor whose _initialize never returns: instantiation must stop at the call timeout.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_initialize")
    (loop $l (br_if $l (i32.const 1))))
  (func (export "one") (param i32) (result i32)
    (i32.const 1)))
