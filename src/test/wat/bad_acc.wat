;; Aggregates (params [BIGINT], returns BIGINT) that hand back wrong accumulators.
;;   outside: accumulate returns a block past the end of memory
;;   empty: accumulate returns an empty accumulator
;;   oversized: accumulate returns 17 MiB (memory grows to hold it)
(module
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 1024))

  (func $alloc (export "alloc") (param $size i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.add (local.get $p) (i32.and (i32.add (local.get $size) (i32.const 7)) (i32.const -8))))
    (if (i32.gt_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536)))
      (then (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1)) (then (unreachable)))))
    (local.get $p))

  (func (export "dealloc") (param $ptr i32) (param $size i32)
    (global.set $heap (i32.const 1024)))

  (func $create (result i64)
    (local $p i32)
    (local.set $p (call $alloc (i32.const 8)))
    (i64.store (local.get $p) (i64.const 0))
    (i64.or (i64.shl (i64.extend_i32_u (local.get $p)) (i64.const 32)) (i64.const 8)))

  (func $result (param $ap i32) (param $al i32) (result i64)
    (i64.load (local.get $ap)))

  (func $outside (param $ap i32) (param $al i32) (param $x i64) (result i64)
    (i64.or (i64.shl (i64.const 70000) (i64.const 32)) (i64.const 8)))

  (func $empty (param $ap i32) (param $al i32) (param $x i64) (result i64)
    (i64.shl (i64.const 1024) (i64.const 32)))

  (func $oversized (param $ap i32) (param $al i32) (param $x i64) (result i64)
    (drop (memory.grow (i32.const 280)))
    (i64.or (i64.shl (i64.const 1024) (i64.const 32)) (i64.const 17825792)))

  (export "outside_create" (func $create))
  (export "outside_accumulate" (func $outside))
  (export "outside_result" (func $result))
  (export "empty_create" (func $create))
  (export "empty_accumulate" (func $empty))
  (export "empty_result" (func $result))
  (export "oversized_create" (func $create))
  (export "oversized_accumulate" (func $oversized))
  (export "oversized_result" (func $result)))
