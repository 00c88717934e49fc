;; The seed functions in WebAssembly text: sum, recursive fib and iterative fib_array.
(module
  (memory (export "memory") 1)

  (func (export "sum") (param $a i32) (param $b i32) (result i32)
    (i32.add (local.get $a) (local.get $b)))

  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_s (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else
        (i32.add
          (call $fib (i32.sub (local.get $n) (i32.const 1)))
          (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  ;; fills fib(0..n) as i64 at address 0 (growing memory as needed) and returns fib(n)
  (func (export "fib_array") (param $n i32) (result i64)
    (local $i i32) (local $need i32)
    (if (i32.lt_s (local.get $n) (i32.const 0)) (then (return (i64.const -1))))
    ;; bytes needed: (n + 1) * 8, in pages rounded up
    (local.set $need
      (i32.shr_u
        (i32.add (i32.shl (i32.add (local.get $n) (i32.const 1)) (i32.const 3)) (i32.const 65535))
        (i32.const 16)))
    (if (i32.gt_u (local.get $need) (memory.size))
      (then
        (if (i32.eq (memory.grow (i32.sub (local.get $need) (memory.size))) (i32.const -1))
          (then unreachable))))
    (i64.store (i32.const 0) (i64.const 0))
    (i64.store (i32.const 8) (i64.const 1))
    (local.set $i (i32.const 2))
    (block $done
      (loop $next
        (br_if $done (i32.gt_s (local.get $i) (local.get $n)))
        (i64.store
          (i32.shl (local.get $i) (i32.const 3))
          (i64.add
            (i64.load (i32.shl (i32.sub (local.get $i) (i32.const 1)) (i32.const 3)))
            (i64.load (i32.shl (i32.sub (local.get $i) (i32.const 2)) (i32.const 3)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i64.load (i32.shl (local.get $n) (i32.const 3)))))
