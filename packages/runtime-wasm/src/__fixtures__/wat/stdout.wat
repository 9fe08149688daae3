;; describe: {"description":"Writes its input to wasi:cli/stdout and returns null"}
(module
  (import "wasi:cli/stdout@0.2.3" "get-stdout" (func $stdout (result i32)))
  (import "wasi:io/streams@0.2.3" "[method]output-stream.blocking-write-and-flush"
    (func $write (param i32 i32 i32 i32)))
  ;; @prelude
  (data (i32.const 512) "null")
  (func (export "call") (param $ptr i32) (param $len i32) (result i32)
    (call $write (call $stdout) (local.get $ptr) (local.get $len) (i32.const 900))
    (call $ok (i32.const 512) (i32.const 4))))
