;; Process functions written against SPEC section 7 by hand, without any SDK.
;; Input rows are not parsed: the functions use the row's event time from flink_wasm.time.
;;   counts: tumbling 10-second windows per key. State: pairs (i64 window_end, i64 count). A row
;;     adds one to its window; the first row of a window sets a timer at window_end - 1, which
;;     emits {"window_end": E, "n": N} and drops the window (an empty state clears it).
;;     Each row also deletes a timer 5 ms before its window's (never set), to exercise timer_delete.
;;   clock: emits {"window_end": time(), "n": watermark()} per row; keeps no state.
;;   tally: counts rows per key in 8 bytes of state and emits {"window_end": time(), "n": count}.
;;   hog: appends 64 KiB to the state per row (to reach the memory cap).
;;   bad_row: emits {"window_end": "x"}, which does not fit ROW<window_end BIGINT, n BIGINT>.
;;   bad_emit: a scalar function () -> INT that calls flink_wasm.emit.
(module
  (import "flink_wasm" "emit" (func $emit (param i32 i32)))
  (import "flink_wasm" "timer_set" (func $timer_set (param i64)))
  (import "flink_wasm" "timer_delete" (func $timer_delete (param i64)))
  (import "flink_wasm" "watermark" (func $watermark (result i64)))
  (import "flink_wasm" "time" (func $time (result i64)))
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 4096))
  (global $live (mut i32) (i32.const 0))
  (data (i32.const 16) "{\"window_end\": ")
  (data (i32.const 48) ", \"n\": ")
  (data (i32.const 64) "{\"window_end\": \"x\"}")

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
      (then (global.set $live (i32.const 0)) (global.set $heap (i32.const 4096)))))

  (func $pack (param $ptr i32) (param $len i32) (result i64)
    (i64.or (i64.shl (i64.extend_i32_u (local.get $ptr)) (i64.const 32))
            (i64.extend_i32_u (local.get $len))))

  ;; writes the decimal digits of a number at $at (a '-' first when negative); returns the end
  (func $digits (param $at i32) (param $n i64) (result i32)
    (local $len i32) (local $m i64) (local $i i32)
    (if (i64.lt_s (local.get $n) (i64.const 0))
      (then
        (i32.store8 (local.get $at) (i32.const 45))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (local.set $n (i64.sub (i64.const 0) (local.get $n)))))
    (local.set $m (local.get $n))
    (loop $count
      (local.set $len (i32.add (local.get $len) (i32.const 1)))
      (local.set $m (i64.div_u (local.get $m) (i64.const 10)))
      (br_if $count (i64.ne (local.get $m) (i64.const 0))))
    (local.set $i (local.get $len))
    (loop $write
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (i32.store8 (i32.add (local.get $at) (local.get $i))
        (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $n) (i64.const 10)))))
      (local.set $n (i64.div_u (local.get $n) (i64.const 10)))
      (br_if $write (local.get $i)))
    (i32.add (local.get $at) (local.get $len)))

  ;; emits {"window_end": a, "n": b} from a scratch buffer at 256
  (func $emit_pair (param $a i64) (param $b i64)
    (local $p i32)
    (memory.copy (i32.const 256) (i32.const 16) (i32.const 15))
    (local.set $p (call $digits (i32.const 271) (local.get $a)))
    (memory.copy (local.get $p) (i32.const 48) (i32.const 7))
    (local.set $p (call $digits (i32.add (local.get $p) (i32.const 7)) (local.get $b)))
    (i32.store8 (local.get $p) (i32.const 125))
    (call $emit (i32.const 256) (i32.sub (i32.add (local.get $p) (i32.const 1)) (i32.const 256))))

  (func (export "counts") (param $sp i32) (param $sl i32) (param $rp i32) (param $rl i32) (result i64)
    (local $end i64) (local $out i32) (local $i i32) (local $found i32)
    (local.set $end (i64.mul
      (i64.add (i64.div_s (call $time) (i64.const 10000)) (i64.const 1))
      (i64.const 10000)))
    (call $timer_delete (i64.sub (local.get $end) (i64.const 5)))
    (local.set $out (call $alloc (i32.add (local.get $sl) (i32.const 16))))
    (memory.copy (local.get $out) (local.get $sp) (local.get $sl))
    (block $done
      (loop $scan
        (br_if $done (i32.ge_u (local.get $i) (local.get $sl)))
        (if (i64.eq (i64.load (i32.add (local.get $out) (local.get $i))) (local.get $end))
          (then
            (i64.store (i32.add (local.get $out) (i32.add (local.get $i) (i32.const 8)))
              (i64.add (i64.load (i32.add (local.get $out) (i32.add (local.get $i) (i32.const 8))))
                       (i64.const 1)))
            (local.set $found (i32.const 1))
            (br $done)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $scan)))
    (if (local.get $found)
      (then (return (call $pack (local.get $out) (local.get $sl)))))
    (i64.store (i32.add (local.get $out) (local.get $sl)) (local.get $end))
    (i64.store (i32.add (local.get $out) (i32.add (local.get $sl) (i32.const 8))) (i64.const 1))
    (call $timer_set (i64.sub (local.get $end) (i64.const 1)))
    (call $pack (local.get $out) (i32.add (local.get $sl) (i32.const 16))))

  (func (export "counts_on_timer") (param $sp i32) (param $sl i32) (param $ts i64) (result i64)
    (local $end i64) (local $out i32) (local $len i32) (local $i i32)
    (local.set $end (i64.add (local.get $ts) (i64.const 1)))
    (local.set $out (call $alloc (local.get $sl)))
    (block $done
      (loop $scan
        (br_if $done (i32.ge_u (local.get $i) (local.get $sl)))
        (if (i64.eq (i64.load (i32.add (local.get $sp) (local.get $i))) (local.get $end))
          (then
            (call $emit_pair (local.get $end)
              (i64.load (i32.add (local.get $sp) (i32.add (local.get $i) (i32.const 8))))))
          (else
            (i64.store (i32.add (local.get $out) (local.get $len))
              (i64.load (i32.add (local.get $sp) (local.get $i))))
            (i64.store (i32.add (local.get $out) (i32.add (local.get $len) (i32.const 8)))
              (i64.load (i32.add (local.get $sp) (i32.add (local.get $i) (i32.const 8)))))
            (local.set $len (i32.add (local.get $len) (i32.const 16)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $scan)))
    (call $pack (local.get $out) (local.get $len)))

  (func (export "clock") (param $sp i32) (param $sl i32) (param $rp i32) (param $rl i32) (result i64)
    (call $emit_pair (call $time) (call $watermark))
    (i64.const 0))

  (func (export "tally") (param $sp i32) (param $sl i32) (param $rp i32) (param $rl i32) (result i64)
    (local $out i32) (local $n i64)
    (if (i32.eq (local.get $sl) (i32.const 8))
      (then (local.set $n (i64.load (local.get $sp)))))
    (local.set $n (i64.add (local.get $n) (i64.const 1)))
    (local.set $out (call $alloc (i32.const 8)))
    (i64.store (local.get $out) (local.get $n))
    (call $emit_pair (call $time) (local.get $n))
    (call $pack (local.get $out) (i32.const 8)))

  (func (export "hog") (param $sp i32) (param $sl i32) (param $rp i32) (param $rl i32) (result i64)
    (local $out i32)
    (local.set $out (call $alloc (i32.add (local.get $sl) (i32.const 65536))))
    (memory.copy (local.get $out) (local.get $sp) (local.get $sl))
    (call $pack (local.get $out) (i32.add (local.get $sl) (i32.const 65536))))

  (func (export "bad_row") (param $sp i32) (param $sl i32) (param $rp i32) (param $rl i32) (result i64)
    (call $emit (i32.const 64) (i32.const 19))
    (i64.const 0))

  (func (export "bad_emit") (result i32)
    (call $emit (i32.const 64) (i32.const 19))
    (i32.const 1))
)
