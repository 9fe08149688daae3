;; describe: {"description":"Lists its preopened directories and returns how many there are"}
(module
  (import "wasi:filesystem/preopens@0.2.3" "get-directories" (func $directories (param i32)))
  ;; @prelude
  (func (export "call") (param i32 i32) (result i32)
    (call $directories (i32.const 900))
    (i32.store8 (i32.const 512) (i32.add (i32.const 48) (i32.load (i32.const 904))))
    (call $ok (i32.const 512) (i32.const 1))))
