;; Imports host functions that a test defines with the engine-neutral HostFunction type.
(module
  (import "test" "twice" (func $twice (param i32) (result i32)))
  (import "test" "emit" (func $emit (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hi")
  ;; emits the two bytes at 16, then returns twice(x)
  (func (export "run") (param $x i32) (result i32)
    (call $emit (i32.const 16) (i32.const 2))
    (call $twice (local.get $x))))
