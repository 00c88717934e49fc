;; Runaway guests for timeout tests: each loop kind Chicory may treat differently.
(module
  (memory (export "memory") 1)
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  ;; back-edge with br
  (func (export "spin_br") (param i32) (result i32)
    (loop $l (br $l))
    (i32.const 0))
  ;; back-edge with br_if: the 1.7.5 interpreter does not check interruption here
  (func (export "spin_br_if") (param i32) (result i32)
    (loop $l (br_if $l (i32.const 1)))
    (i32.const 0))
  ;; back-edge with br_table
  (func (export "spin_br_table") (param i32) (result i32)
    (loop $l (br_table $l $l (i32.const 0)))
    (i32.const 0))
  ;; a counting loop that stores to memory, as compiled C does
  (func (export "spin_store") (param $n i32) (result i32)
    (local $i i32)
    (loop $l
      (i32.store (i32.const 0) (local.get $i))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.ne (local.get $i) (i32.const -1))))
    (local.get $i))
  ;; busy for about n million iterations, then returns n: slow but finite
  (func (export "busy") (param $n i32) (result i32)
    (local $i i32)
    (local.set $i (i32.mul (local.get $n) (i32.const 1000000)))
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $i)))
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $n)))
