;; An Extism plugin that needs host functions flink-wasm does not provide: an application's own
;; (extism:host/user) and one the Extism host does not know. validate and inspect name them.
(module
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/user" "lookup" (func $lookup (param i64) (result i64)))
  (import "extism:host/env" "future_feature" (func $future (param i64)))
  (import "extism:host/env" "alloc" (func $alloc (param i32) (result i32)))
  (func (export "run") (result i32)
    i32.const 0))
