;; describe: {"description":"Reads the wall clock and returns true"}
(module
  (import "wasi:clocks/wall-clock@0.2.3" "now" (func $now (param i32)))
  ;; @prelude
  (data (i32.const 512) "true")
  (func (export "call") (param i32 i32) (result i32)
    (call $now (i32.const 900))
    (call $ok (i32.const 512) (i32.const 4))))
