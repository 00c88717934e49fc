;; A module whose start function never returns: instantiation must stop at the call timeout.
(module
  (memory (export "memory") 1)
  (func $spin
    (loop $l (br $l)))
  (start $spin)
  (func (export "one") (param i32) (result i32)
    (i32.const 1)))
