;; describe: {"description":"Calls wasi:cli/exit with an error status"}
(module
  (import "wasi:cli/exit@0.2.3" "exit" (func $exit (param i32)))
  ;; @prelude
  (func (export "call") (param i32 i32) (result i32)
    (call $exit (i32.const 1))
    (unreachable)))
