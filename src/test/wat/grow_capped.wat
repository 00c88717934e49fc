;; A module that declares its own memory maximum (2 pages) and traps when memory.grow is refused.
(module
  (memory (export "memory") 1 2)
  (func (export "grow") (param $n i32) (result i32)
    (if (i32.eq (memory.grow (local.get $n)) (i32.const -1)) (then unreachable))
    (memory.size)))
