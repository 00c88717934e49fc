;; Results that stand for SQL NULL: a packed -1 from a memory function, and number results that a
;; manifest's null_result names.
(module
  (memory (export "memory") 1)
  (global $top (mut i32) (i32.const 1024))
  ;; a bump allocator that never frees: enough for a test
  (func (export "alloc") (param $size i32) (result i32)
    (local $p i32)
    global.get $top
    local.set $p
    global.get $top
    local.get $size
    i32.add
    global.set $top
    local.get $p)
  (func (export "dealloc") (param i32 i32))
  ;; STRING -> STRING (or a JSON type): NULL for empty input, else the input itself
  (func (export "null_if_empty") (param $ptr i32) (param $len i32) (result i64)
    local.get $len
    i32.eqz
    if (result i64)
      i64.const -1
    else
      local.get $ptr
      i64.extend_i32_u
      i64.const 32
      i64.shl
      local.get $len
      i64.extend_i32_u
      i64.or
    end)
  (func (export "id_i32") (param i32) (result i32) local.get 0)
  (func (export "id_i64") (param i64) (result i64) local.get 0)
  (func (export "id_f32") (param f32) (result f32) local.get 0)
  (func (export "div_f64") (param f64) (param f64) (result f64)
    local.get 0
    local.get 1
    f64.div))
