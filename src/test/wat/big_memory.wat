;; Declares 300 pages of initial memory, above the default cap of 256.
(module
  (memory (export "memory") 300)
  (func (export "one") (param i32) (result i32) (i32.const 1)))
