;; The guest of the benchmarks (src/bench): one export per measured case, plus the memory ABI.
(module
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 1024))
  ;; 1e0 .. 1e22 as f64 at address 64, for top3 (exact doubles: one multiplication or division is exact)
  (data (i32.const 64) "\00\00\00\00\00\00\f0\3f\00\00\00\00\00\00\24\40\00\00\00\00\00\00\59\40\00\00\00\00\00\40\8f\40\00\00\00\00\00\88\c3\40\00\00\00\00\00\6a\f8\40\00\00\00\00\80\84\2e\41\00\00\00\00\d0\12\63\41\00\00\00\00\84\d7\97\41\00\00\00\00\65\cd\cd\41\00\00\00\20\5f\a0\02\42\00\00\00\e8\76\48\37\42\00\00\00\a2\94\1a\6d\42\00\00\40\e5\9c\30\a2\42\00\00\90\1e\c4\bc\d6\42\00\00\34\26\f5\6b\0c\43\00\80\e0\37\79\c3\41\43\00\a0\d8\85\57\34\76\43\00\c8\4e\67\6d\c1\ab\43\00\3d\91\60\e4\58\e1\43\40\8c\b5\78\1d\af\15\44\50\ef\e2\d6\e4\1a\4b\44\92\d5\4d\06\cf\f0\80\44")
  (global $live (mut i32) (i32.const 0))

  ;; bump allocator, reset when every block has been handed back (one row at a time)
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

  ;; call overhead
  (func (export "add") (param $a i32) (param $b i32) (result i32)
    (i32.add (local.get $a) (local.get $b)))

  ;; compute: naive recursive fibonacci
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_s (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  ;; data crossing: ASCII upper case of a UTF-8 string (other bytes unchanged)
  (func (export "upper") (param $ptr i32) (param $len i32) (result i64)
    (local $out i32) (local $i i32) (local $c i32)
    (local.set $out (call $alloc (local.get $len)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $c (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
        (if (i32.lt_u (i32.sub (local.get $c) (i32.const 97)) (i32.const 26))
          (then (local.set $c (i32.sub (local.get $c) (i32.const 32)))))
        (i32.store8 (i32.add (local.get $out) (local.get $i)) (local.get $c))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i64.or (i64.shl (i64.extend_i32_u (local.get $out)) (i64.const 32))
            (i64.extend_i32_u (local.get $len))))

;; the same, eight bytes at a time (SWAR): the lower-case ASCII bytes of a word are found with
  ;; two additions and flipped by one xor; the last len % 8 bytes one at a time
  (func (export "upper8") (param $ptr i32) (param $len i32) (result i64)
    (local $out i32) (local $i i32) (local $w i64) (local $h i64) (local $c i32)
    (local.set $out (call $alloc (local.get $len)))
    (block $words
      (loop $word
        (br_if $words (i32.gt_u (i32.add (local.get $i) (i32.const 8)) (local.get $len)))
        (local.set $w (i64.load (i32.add (local.get $ptr) (local.get $i))))
        (local.set $h (i64.and (local.get $w) (i64.const 0x7f7f7f7f7f7f7f7f)))
        ;; bit 7 of a byte: 'a' <= byte <= 'z' (and the byte is ASCII); shifted to bit 5 and flipped
        (i64.store (i32.add (local.get $out) (local.get $i))
          (i64.xor (local.get $w)
            (i64.shr_u
              (i64.and
                (i64.and (i64.add (local.get $h) (i64.const 0x1f1f1f1f1f1f1f1f))
                         (i64.xor (i64.add (local.get $h) (i64.const 0x0505050505050505)) (i64.const -1)))
                (i64.and (i64.xor (local.get $w) (i64.const -1)) (i64.const 0x8080808080808080)))
              (i64.const 2))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $word)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $c (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
        (if (i32.lt_u (i32.sub (local.get $c) (i32.const 97)) (i32.const 26))
          (then (local.set $c (i32.sub (local.get $c) (i32.const 32)))))
        (i32.store8 (i32.add (local.get $out) (local.get $i)) (local.get $c))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i64.or (i64.shl (i64.extend_i32_u (local.get $out)) (i64.const 32))
            (i64.extend_i32_u (local.get $len))))

  ;; ARRAY<DOUBLE> as JSON: the three largest numbers of the list, largest first, each copied as
  ;; it came (no number is printed again); nulls and strings ("NaN"...) are skipped. Numbers are
  ;; read well enough to order them (18 significant digits, the exponent by repeated * or / 10).
  (func (export "top3") (param $ptr i32) (param $len i32) (result i64)
    (local $i i32) (local $end i32) (local $c i32) (local $start i32) (local $neg i32)
    (local $m i64) (local $e i32) (local $nd i32) (local $es i32) (local $ev i32) (local $x f64)
    (local $v0 f64) (local $v1 f64) (local $v2 f64)
    (local $s0 i32) (local $l0 i32) (local $s1 i32) (local $l1 i32) (local $s2 i32) (local $l2 i32)
    (local $n i32) (local $out i32) (local $o i32)
    (local.set $v0 (f64.const -inf))
    (local.set $v1 (f64.const -inf))
    (local.set $v2 (f64.const -inf))
    (local.set $i (local.get $ptr))
    (local.set $end (i32.add (local.get $ptr) (local.get $len)))
    (block $scanned
      (loop $scan
        (br_if $scanned (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $c (i32.load8_u (local.get $i)))
        (if (i32.eq (local.get $c) (i32.const 34)) ;; '"': skip the string
          (then
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (block $closed
              (loop $str
                (br_if $closed (i32.ge_u (local.get $i) (local.get $end)))
                (br_if $closed (i32.eq (i32.load8_u (local.get $i)) (i32.const 34)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $str)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $scan)))
        (if (i32.eqz (i32.or (i32.eq (local.get $c) (i32.const 45))
                             (i32.lt_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 10))))
          (then ;; not a number: '[', ',', ']', white space, the letters of null
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $scan)))
        (local.set $start (local.get $i))
        (local.set $neg (i32.eq (local.get $c) (i32.const 45)))
        (local.set $i (i32.add (local.get $i) (local.get $neg)))
        (local.set $m (i64.const 0))
        (local.set $e (i32.const 0))
        (local.set $nd (i32.const 0))
        (block $intDone
          (loop $int
            (br_if $intDone (i32.ge_u (local.get $i) (local.get $end)))
            (local.set $c (i32.sub (i32.load8_u (local.get $i)) (i32.const 48)))
            (br_if $intDone (i32.ge_u (local.get $c) (i32.const 10)))
            (if (i32.lt_u (local.get $nd) (i32.const 18))
              (then
                (local.set $m (i64.add (i64.mul (local.get $m) (i64.const 10)) (i64.extend_i32_u (local.get $c))))
                (local.set $nd (i32.add (local.get $nd) (i32.const 1))))
              (else (local.set $e (i32.add (local.get $e) (i32.const 1)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $int)))
        (if (i32.lt_u (local.get $i) (local.get $end))
          (then
            (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 46)) ;; '.'
              (then
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (block $fracDone
                  (loop $frac
                    (br_if $fracDone (i32.ge_u (local.get $i) (local.get $end)))
                    (local.set $c (i32.sub (i32.load8_u (local.get $i)) (i32.const 48)))
                    (br_if $fracDone (i32.ge_u (local.get $c) (i32.const 10)))
                    (if (i32.lt_u (local.get $nd) (i32.const 18))
                      (then
                        (local.set $m (i64.add (i64.mul (local.get $m) (i64.const 10))
                                               (i64.extend_i32_u (local.get $c))))
                        (local.set $nd (i32.add (local.get $nd) (i32.const 1)))
                        (local.set $e (i32.sub (local.get $e) (i32.const 1)))))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $frac)))))))
        (if (i32.lt_u (local.get $i) (local.get $end))
          (then
            (if (i32.eq (i32.or (i32.load8_u (local.get $i)) (i32.const 32)) (i32.const 101)) ;; e or E
              (then
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (local.set $es (i32.const 1))
                (local.set $c (i32.load8_u (local.get $i)))
                (if (i32.eq (local.get $c) (i32.const 45))
                  (then (local.set $es (i32.const -1)) (local.set $i (i32.add (local.get $i) (i32.const 1)))))
                (if (i32.eq (local.get $c) (i32.const 43))
                  (then (local.set $i (i32.add (local.get $i) (i32.const 1)))))
                (local.set $ev (i32.const 0))
                (block $expDone
                  (loop $exp
                    (br_if $expDone (i32.ge_u (local.get $i) (local.get $end)))
                    (local.set $c (i32.sub (i32.load8_u (local.get $i)) (i32.const 48)))
                    (br_if $expDone (i32.ge_u (local.get $c) (i32.const 10)))
                    (local.set $ev (i32.add (i32.mul (local.get $ev) (i32.const 10)) (local.get $c)))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $exp)))
                (local.set $e (i32.add (local.get $e) (i32.mul (local.get $es) (local.get $ev))))))))
        ;; x = m * 10^e: one multiplication or division by a power from the table for |e| <= 22,
        ;; repeated steps beyond
        (local.set $x (f64.convert_i64_u (local.get $m)))
        (block $up
          (loop $mul
            (br_if $up (i32.le_s (local.get $e) (i32.const 22)))
            (local.set $x (f64.mul (local.get $x) (f64.const 1e22)))
            (local.set $e (i32.sub (local.get $e) (i32.const 22)))
            (br $mul)))
        (block $down
          (loop $div
            (br_if $down (i32.ge_s (local.get $e) (i32.const -22)))
            (local.set $x (f64.div (local.get $x) (f64.const 1e22)))
            (local.set $e (i32.add (local.get $e) (i32.const 22)))
            (br $div)))
        (if (i32.ge_s (local.get $e) (i32.const 0))
          (then (local.set $x (f64.mul (local.get $x)
                  (f64.load (i32.add (i32.const 64) (i32.shl (local.get $e) (i32.const 3)))))))
          (else (local.set $x (f64.div (local.get $x)
                  (f64.load (i32.add (i32.const 64) (i32.shl (i32.sub (i32.const 0) (local.get $e)) (i32.const 3))))))))
        (if (local.get $neg) (then (local.set $x (f64.neg (local.get $x)))))
        (local.set $n (i32.sub (local.get $i) (local.get $start)))
        (if (f64.gt (local.get $x) (local.get $v0))
          (then
            (local.set $v2 (local.get $v1)) (local.set $s2 (local.get $s1)) (local.set $l2 (local.get $l1))
            (local.set $v1 (local.get $v0)) (local.set $s1 (local.get $s0)) (local.set $l1 (local.get $l0))
            (local.set $v0 (local.get $x)) (local.set $s0 (local.get $start)) (local.set $l0 (local.get $n)))
          (else
            (if (f64.gt (local.get $x) (local.get $v1))
              (then
                (local.set $v2 (local.get $v1)) (local.set $s2 (local.get $s1)) (local.set $l2 (local.get $l1))
                (local.set $v1 (local.get $x)) (local.set $s1 (local.get $start)) (local.set $l1 (local.get $n)))
              (else
                (if (f64.gt (local.get $x) (local.get $v2))
                  (then
                    (local.set $v2 (local.get $x)) (local.set $s2 (local.get $start))
                    (local.set $l2 (local.get $n))))))))
        (br $scan)))
    ;; "[" a "," b "," c "]", without the empty slots
    (local.set $n (i32.add (i32.const 2) (i32.add (local.get $l0) (i32.add (local.get $l1) (local.get $l2)))))
    (if (local.get $l1) (then (local.set $n (i32.add (local.get $n) (i32.const 1)))))
    (if (local.get $l2) (then (local.set $n (i32.add (local.get $n) (i32.const 1)))))
    (local.set $out (call $alloc (local.get $n)))
    (i32.store8 (local.get $out) (i32.const 91))
    (local.set $o (i32.add (local.get $out) (i32.const 1)))
    (memory.copy (local.get $o) (local.get $s0) (local.get $l0))
    (local.set $o (i32.add (local.get $o) (local.get $l0)))
    (if (local.get $l1)
      (then
        (i32.store8 (local.get $o) (i32.const 44))
        (memory.copy (i32.add (local.get $o) (i32.const 1)) (local.get $s1) (local.get $l1))
        (local.set $o (i32.add (local.get $o) (i32.add (local.get $l1) (i32.const 1))))))
    (if (local.get $l2)
      (then
        (i32.store8 (local.get $o) (i32.const 44))
        (memory.copy (i32.add (local.get $o) (i32.const 1)) (local.get $s2) (local.get $l2))
        (local.set $o (i32.add (local.get $o) (i32.add (local.get $l2) (i32.const 1))))))
    (i32.store8 (local.get $o) (i32.const 93))
    (i64.or (i64.shl (i64.extend_i32_u (local.get $out)) (i64.const 32))
            (i64.extend_i32_u (local.get $n))))

    ;; a copy of the argument: STRING identity, or any JSON type (ROW, ARRAY...) handed back
  (func (export "echo") (param $ptr i32) (param $len i32) (result i64)
    (local $out i32)
    (local.set $out (call $alloc (local.get $len)))
    (memory.copy (local.get $out) (local.get $ptr) (local.get $len))
    (i64.or (i64.shl (i64.extend_i32_u (local.get $out)) (i64.const 32))
            (i64.extend_i32_u (local.get $len))))

  ;; tunable cost for the crossover of the asynchronous pool: n rounds of a multiply-add chain
  ;; (each round depends on the last, so the JIT can neither fold nor vectorise it)
  (func (export "spin") (param $n i32) (result i32)
    (local $x i32)
    (local.set $x (local.get $n))
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 1103515245)) (i32.const 12345)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
    (local.get $x))

  ;; slow but finite: about n million loop iterations, then n
  (func (export "busy") (param $n i32) (result i32)
    (local $i i32)
    (local.set $i (i32.mul (local.get $n) (i32.const 1000000)))
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $i)))
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $n)))
