;; describe: {"description":"Writes its whole input to a file under its first preopen (created or truncated): \"written\", or the WASI error-code number"}
;; The input is exactly {"path":"<plain path>"}: the path is the input without its first 9 and last 2 bytes.
(module
  (import "wasi:filesystem/preopens@0.2.3" "get-directories" (func $directories (param i32)))
  (import "wasi:filesystem/types@0.2.3" "[method]descriptor.open-at"
    (func $open (param i32 i32 i32 i32 i32 i32 i32)))
  (import "wasi:filesystem/types@0.2.3" "[method]descriptor.write"
    (func $write (param i32 i32 i32 i64 i32)))
  ;; @prelude
  (data (i32.const 600) "\"written\"")
  (func $code (param $code i32) (result i32)
    (i32.store8 (i32.const 512) (i32.add (i32.const 48) (i32.div_u (local.get $code) (i32.const 10))))
    (i32.store8 (i32.const 513) (i32.add (i32.const 48) (i32.rem_u (local.get $code) (i32.const 10))))
    (call $ok (i32.const 512) (i32.const 2)))
  (func (export "call") (param $ptr i32) (param $len i32) (result i32)
    (call $directories (i32.const 900))
    ;; open-flags create|truncate = 9, descriptor-flags write = 2
    (call $open (i32.load (i32.load (i32.const 900))) (i32.const 0)
      (i32.add (local.get $ptr) (i32.const 9)) (i32.sub (local.get $len) (i32.const 11))
      (i32.const 9) (i32.const 2) (i32.const 920))
    (if (i32.load8_u (i32.const 920))
      (then (return (call $code (i32.load8_u (i32.const 924))))))
    (call $write (i32.load (i32.const 924)) (local.get $ptr) (local.get $len) (i64.const 0)
      (i32.const 944))
    (if (i32.load8_u (i32.const 944))
      (then (return (call $code (i32.load8_u (i32.const 952))))))
    (call $ok (i32.const 600) (i32.const 9))))
