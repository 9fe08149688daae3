;; describe: {"description":"Returns \"done\" after ms milliseconds (needs the clocks grant)","inputSchema":{"type":"object","properties":{"ms":{"type":"integer","minimum":0}},"required":["ms"]}}
;; Reads the digits of {"ms":N}, then spins on the monotonic clock until N ms have passed.
(module
  (import "wasi:clocks/monotonic-clock@0.2.3" "now" (func $now (result i64)))
  ;; @prelude
  (data (i32.const 512) "\"done\"")
  (func (export "call") (param $ptr i32) (param $len i32) (result i32)
    (local $at i32) (local $digit i32) (local $ms i64) (local $end i64)
    (local.set $at (i32.add (local.get $ptr) (i32.const 6)))
    (block $parsed
      (loop $digits
        (local.set $digit (i32.sub (i32.load8_u (local.get $at)) (i32.const 48)))
        (br_if $parsed (i32.gt_u (local.get $digit) (i32.const 9)))
        (local.set $ms
          (i64.add (i64.mul (local.get $ms) (i64.const 10)) (i64.extend_i32_u (local.get $digit))))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (br $digits)))
    (local.set $end (i64.add (call $now) (i64.mul (local.get $ms) (i64.const 1000000))))
    (loop $spin (br_if $spin (i64.lt_u (call $now) (local.get $end))))
    (call $ok (i32.const 512) (i32.const 6))))
