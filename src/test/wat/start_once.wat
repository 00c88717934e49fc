;; Counts how often its start function and its _initialize ran: each must run once per instance.
(module
  (memory (export "memory") 1)
  (global $starts (mut i32) (i32.const 0))
  (global $inits (mut i32) (i32.const 0))
  (func $start
    (global.set $starts (i32.add (global.get $starts) (i32.const 1))))
  (start $start)
  (func (export "_initialize")
    (global.set $inits (i32.add (global.get $inits) (i32.const 1))))
  (func (export "starts") (param i32) (result i32)
    (global.get $starts))
  (func (export "inits") (param i32) (result i32)
    (global.get $inits)))
