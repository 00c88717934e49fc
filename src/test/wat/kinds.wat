;; Table and aggregate functions written against SPEC section 7 by hand, without any SDK.
;;   split(STRING) -> rows of STRING          split_pos(STRING) -> rows of ROW<token STRING, pos INT>
;;   series(INT) -> rows 0..n-1 of INT (traps when n < 0)
;;   sumsq(BIGINT) -> BIGINT: sum of squares, with retract and merge (accumulator: i64 sum, i64 count)
;;   sumsq_plain: the same without retract and merge
;;   picky(BIGINT) -> BIGINT: sumsq whose accumulate traps on a negative value
;;   count_str(STRING) -> BIGINT: counts its (non-NULL) arguments, with retract and merge
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
          (then (unreachable)))))
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

  ;; writes the decimal digits of a non-negative number at $at; returns the address after them
  (func $digits (param $at i32) (param $n i32) (result i32)
    (local $len i32) (local $m i32) (local $i i32)
    (local.set $m (local.get $n))
    (loop $count
      (local.set $len (i32.add (local.get $len) (i32.const 1)))
      (local.set $m (i32.div_u (local.get $m) (i32.const 10)))
      (br_if $count (local.get $m)))
    (local.set $i (local.get $len))
    (loop $write
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (i32.store8 (i32.add (local.get $at) (local.get $i))
        (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $write (local.get $i)))
    (i32.add (local.get $at) (local.get $len)))

  ;; writes the bytes of a string literal from data at $src; returns the address after them
  (func $lit (param $at i32) (param $src i32) (param $len i32) (result i32)
    (memory.copy (local.get $at) (local.get $src) (local.get $len))
    (i32.add (local.get $at) (local.get $len)))

  (data (i32.const 16) "{\"token\":\"")  ;; 10 bytes at 16
  (data (i32.const 32) ",\"pos\":")    ;; 7 bytes at 32

  ;; the space-separated words as a JSON array of strings, or of {"token", "pos"} objects
  (func $split (param $ptr i32) (param $len i32) (param $rows i32) (result i64)
    (local $out i32) (local $w i32) (local $i i32) (local $c i32) (local $in i32) (local $n i32)
    (local.set $out (call $alloc (i32.add (i32.mul (local.get $len) (i32.const 34)) (i32.const 40))))
    (local.set $w (local.get $out))
    (i32.store8 (local.get $w) (i32.const 91)) ;; [
    (local.set $w (i32.add (local.get $w) (i32.const 1)))
    (block $done
      (loop $next
        (br_if $done (i32.gt_u (local.get $i) (local.get $len)))
        (local.set $c (if (result i32) (i32.lt_u (local.get $i) (local.get $len))
          (then (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
          (else (i32.const 32))))
        (if (i32.eq (local.get $c) (i32.const 32))
          (then
            (if (local.get $in)
              (then
                ;; end of a word: close it
                (i32.store8 (local.get $w) (i32.const 34))
                (local.set $w (i32.add (local.get $w) (i32.const 1)))
                (if (local.get $rows)
                  (then
                    (local.set $w (call $lit (local.get $w) (i32.const 32) (i32.const 7)))
                    (local.set $w (call $digits (local.get $w) (local.get $n)))
                    (i32.store8 (local.get $w) (i32.const 125))
                    (local.set $w (i32.add (local.get $w) (i32.const 1)))))
                (local.set $n (i32.add (local.get $n) (i32.const 1)))
                (local.set $in (i32.const 0)))))
          (else
            (if (i32.eqz (local.get $in))
              (then
                ;; start of a word
                (if (local.get $n)
                  (then (i32.store8 (local.get $w) (i32.const 44))
                        (local.set $w (i32.add (local.get $w) (i32.const 1)))))
                (if (local.get $rows)
                  (then (local.set $w (call $lit (local.get $w) (i32.const 16) (i32.const 10))))
                  (else (i32.store8 (local.get $w) (i32.const 34))
                        (local.set $w (i32.add (local.get $w) (i32.const 1)))))
                (local.set $in (i32.const 1))))
            (if (i32.or (i32.eq (local.get $c) (i32.const 34)) (i32.eq (local.get $c) (i32.const 92)))
              (then (i32.store8 (local.get $w) (i32.const 92))
                    (local.set $w (i32.add (local.get $w) (i32.const 1)))))
            (i32.store8 (local.get $w) (local.get $c))
            (local.set $w (i32.add (local.get $w) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.store8 (local.get $w) (i32.const 93)) ;; ]
    (local.set $w (i32.add (local.get $w) (i32.const 1)))
    (call $pack (local.get $out) (i32.sub (local.get $w) (local.get $out))))

  (func (export "split") (param $ptr i32) (param $len i32) (result i64)
    (call $split (local.get $ptr) (local.get $len) (i32.const 0)))

  (func (export "split_pos") (param $ptr i32) (param $len i32) (result i64)
    (call $split (local.get $ptr) (local.get $len) (i32.const 1)))

  ;; [0,1,...,n-1]; traps when n < 0
  (func (export "series") (param $n i32) (result i64)
    (local $out i32) (local $w i32) (local $i i32)
    (if (i32.lt_s (local.get $n) (i32.const 0)) (then (unreachable)))
    (local.set $out (call $alloc (i32.add (i32.mul (local.get $n) (i32.const 11)) (i32.const 2))))
    (local.set $w (local.get $out))
    (i32.store8 (local.get $w) (i32.const 91))
    (local.set $w (i32.add (local.get $w) (i32.const 1)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (if (local.get $i)
          (then (i32.store8 (local.get $w) (i32.const 44))
                (local.set $w (i32.add (local.get $w) (i32.const 1)))))
        (local.set $w (call $digits (local.get $w) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.store8 (local.get $w) (i32.const 93))
    (local.set $w (i32.add (local.get $w) (i32.const 1)))
    (call $pack (local.get $out) (i32.sub (local.get $w) (local.get $out))))

  ;; ---- aggregates: the accumulator is 16 bytes, i64 sum at 0 and i64 count at 8

  (func $acc (param $sum i64) (param $count i64) (result i64)
    (local $p i32)
    (local.set $p (call $alloc (i32.const 16)))
    (i64.store (local.get $p) (local.get $sum))
    (i64.store offset=8 (local.get $p) (local.get $count))
    (call $pack (local.get $p) (i32.const 16)))

  (func $check (param $len i32)
    (if (i32.ne (local.get $len) (i32.const 16)) (then (unreachable))))

  (func $create (result i64)
    (call $acc (i64.const 0) (i64.const 0)))

  (func $sumsq_accumulate (param $ap i32) (param $al i32) (param $x i64) (result i64)
    (call $check (local.get $al))
    (call $acc (i64.add (i64.load (local.get $ap)) (i64.mul (local.get $x) (local.get $x)))
               (i64.add (i64.load offset=8 (local.get $ap)) (i64.const 1))))

  (func $sumsq_retract (param $ap i32) (param $al i32) (param $x i64) (result i64)
    (call $check (local.get $al))
    (call $acc (i64.sub (i64.load (local.get $ap)) (i64.mul (local.get $x) (local.get $x)))
               (i64.sub (i64.load offset=8 (local.get $ap)) (i64.const 1))))

  (func $merge (param $ap i32) (param $al i32) (param $bp i32) (param $bl i32) (result i64)
    (call $check (local.get $al))
    (call $check (local.get $bl))
    (call $acc (i64.add (i64.load (local.get $ap)) (i64.load (local.get $bp)))
               (i64.add (i64.load offset=8 (local.get $ap)) (i64.load offset=8 (local.get $bp)))))

  (func $sum (param $ap i32) (param $al i32) (result i64)
    (call $check (local.get $al))
    (i64.load (local.get $ap)))

  (func $count (param $ap i32) (param $al i32) (result i64)
    (call $check (local.get $al))
    (i64.load offset=8 (local.get $ap)))

  (func $picky_accumulate (param $ap i32) (param $al i32) (param $x i64) (result i64)
    (if (i64.lt_s (local.get $x) (i64.const 0)) (then (unreachable)))
    (call $sumsq_accumulate (local.get $ap) (local.get $al) (local.get $x)))

  (func $count_accumulate (param $ap i32) (param $al i32) (param $p i32) (param $l i32) (result i64)
    (call $check (local.get $al))
    (call $acc (i64.const 0) (i64.add (i64.load offset=8 (local.get $ap)) (i64.const 1))))

  (func $count_retract (param $ap i32) (param $al i32) (param $p i32) (param $l i32) (result i64)
    (call $check (local.get $al))
    (call $acc (i64.const 0) (i64.sub (i64.load offset=8 (local.get $ap)) (i64.const 1))))

  (export "sumsq_create" (func $create))
  (export "sumsq_accumulate" (func $sumsq_accumulate))
  (export "sumsq_retract" (func $sumsq_retract))
  (export "sumsq_merge" (func $merge))
  (export "sumsq_result" (func $sum))

  (export "sumsq_plain_create" (func $create))
  (export "sumsq_plain_accumulate" (func $sumsq_accumulate))
  (export "sumsq_plain_result" (func $sum))

  (export "picky_create" (func $create))
  (export "picky_accumulate" (func $picky_accumulate))
  (export "picky_retract" (func $sumsq_retract))
  (export "picky_merge" (func $merge))
  (export "picky_result" (func $sum))

  (export "count_str_create" (func $create))
  (export "count_str_accumulate" (func $count_accumulate))
  (export "count_str_retract" (func $count_retract))
  (export "count_str_merge" (func $merge))
  (export "count_str_result" (func $count)))
