;; Guests that misbehave on purpose, to show the guardrails: a loop that never ends, a memory hog
;; and a trap. Each takes a row number and misbehaves only on rows divisible by 10.
(module
  (memory (export "memory") 1)
  ;; loops forever on multiples of 10, else returns n
  (func (export "spin") (param $n i32) (result i32)
    (if (i32.eqz (i32.rem_u (local.get $n) (i32.const 10)))
      (then (loop $forever (br_if $forever (i32.const 1)))))
    (local.get $n))
  ;; grows memory until refused on multiples of 10 (then traps), else returns the page count
  (func (export "hog") (param $n i32) (result i32)
    (if (i32.eqz (i32.rem_u (local.get $n) (i32.const 10)))
      (then
        (loop $more
          (br_if $more (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
        unreachable))
    (memory.size))
  ;; divides 100 by n mod 10: traps with "integer divide by zero" on multiples of 10
  (func (export "boom") (param $n i32) (result i32)
    (i32.div_s (i32.const 100) (i32.rem_u (local.get $n) (i32.const 10)))))
