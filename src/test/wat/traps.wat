;; Guests that fail in each way WebAssembly can.
(module
  (memory (export "memory") 1)
  (global $calls (mut i32) (i32.const 0))
  (func (export "ok") (param i32) (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (i32.add (local.get 0) (i32.const 1)))
  ;; traps when the argument is negative, else returns it
  (func (export "check") (param i32) (result i32)
    (if (i32.lt_s (local.get 0) (i32.const 0)) (then unreachable))
    (local.get 0))
  (func (export "div") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func (export "oob") (param i32) (result i32)
    (i32.load (i32.const 1000000)))
  (func $recurse (export "recurse") (param i32) (result i32)
    (i32.add (call $recurse (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  ;; grows memory one page at a time until the host refuses, then traps like an allocator would
  (func (export "hog") (param i32) (result i32)
    (loop $l
      (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1)) (then unreachable))
      (br $l))
    (i32.const 0))
  (func (export "pages") (param i32) (result i32)
    (memory.size)))
