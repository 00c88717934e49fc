;; An allocator that always fails, as one that ran out of memory does.
(module
  (memory (export "memory") 1)
  (func (export "alloc") (param i32) (result i32) (i32.const 0))
  (func (export "dealloc") (param i32 i32))
  (func (export "echo") (param i32 i32) (result i64) (i64.const 0)))
