;; A guest of the memory ABI: an allocator and functions that hand back what they get, so that
;; one export serves STRING, BYTES and every JSON type.
(module
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 1024))
  (global $live (mut i32) (i32.const 0))

  ;; bump allocator that starts over when every block has been handed back
  (func $alloc (export "alloc") (param $size i32) (result i32)
    (local $p i32) (local $end i32) (local $have i32)
    (local.set $p (global.get $heap))
    (local.set $end (i32.add (local.get $p)
      (i32.and (i32.add (local.get $size) (i32.const 7)) (i32.const -8))))
    (local.set $have (i32.mul (memory.size) (i32.const 65536)))
    (if (i32.gt_u (local.get $end) (local.get $have))
      (then
        (if (i32.eq
              (memory.grow (i32.add (i32.shr_u (i32.sub (local.get $end) (local.get $have)) (i32.const 16))
                                    (i32.const 1)))
              (i32.const -1))
          (then (return (i32.const 0))))))
    (global.set $heap (local.get $end))
    (global.set $live (i32.add (global.get $live) (i32.const 1)))
    (local.get $p))

  (func (export "dealloc") (param $ptr i32) (param $size i32)
    (global.set $live (i32.sub (global.get $live) (i32.const 1)))
    (if (i32.le_s (global.get $live) (i32.const 0))
      (then (global.set $live (i32.const 0)) (global.set $heap (i32.const 1024)))))

  (func $pack (param $ptr i32) (param $len i32) (result i64)
    (i64.or (i64.shl (i64.extend_i32_u (local.get $ptr)) (i64.const 32))
            (i64.extend_i32_u (local.get $len))))

  ;; a copy of the argument
  (func (export "echo") (param $ptr i32) (param $len i32) (result i64)
    (local $out i32)
    (local.set $out (call $alloc (local.get $len)))
    (memory.copy (local.get $out) (local.get $ptr) (local.get $len))
    (call $pack (local.get $out) (local.get $len)))

  ;; both arguments, one after the other
  (func (export "concat") (param $p1 i32) (param $l1 i32) (param $p2 i32) (param $l2 i32) (result i64)
    (local $out i32)
    (local.set $out (call $alloc (i32.add (local.get $l1) (local.get $l2))))
    (memory.copy (local.get $out) (local.get $p1) (local.get $l1))
    (memory.copy (i32.add (local.get $out) (local.get $l1)) (local.get $p2) (local.get $l2))
    (call $pack (local.get $out) (i32.add (local.get $l1) (local.get $l2))))

  ;; the length in bytes
  (func (export "byte_len") (param $ptr i32) (param $len i32) (result i32)
    (local.get $len))

  ;; a result block that lies past the end of memory
  (func (export "out_of_bounds") (param $ptr i32) (param $len i32) (result i64)
    (call $pack (i32.const 65000) (i32.const 100000)))

  ;; the bytes ff fe, which are not UTF-8
  (func (export "bad_utf8") (param $ptr i32) (param $len i32) (result i64)
    (local $out i32)
    (local.set $out (call $alloc (i32.const 2)))
    (i32.store8 (local.get $out) (i32.const 0xff))
    (i32.store8 (i32.add (local.get $out) (i32.const 1)) (i32.const 0xfe))
    (call $pack (local.get $out) (i32.const 2))))
