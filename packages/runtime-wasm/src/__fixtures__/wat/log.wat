;; describe: {"description":"Logs its input through the host and returns null"}
(module
  (import "tp:tool/host@0.1.0" "log" (func $log (param i32 i32)))
  ;; @prelude
  (data (i32.const 512) "null")
  (func (export "call") (param $ptr i32) (param $len i32) (result i32)
    (call $log (local.get $ptr) (local.get $len))
    (call $ok (i32.const 512) (i32.const 4))))
