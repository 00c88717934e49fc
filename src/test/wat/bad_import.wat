;; Imports a function no host provides.
(module
  (import "env" "now" (func $now (result i64)))
  (func (export "f") (param i32) (result i32) (i32.const 0)))
