;; describe: {"description":"Calls the tool named in its input's \"tool\" field (with its whole input) through call-tool and returns its answer"}
;; The input is exactly {"tool":"<name>",...}: the name runs from byte 9 to the next quote.
(module
  (import "tp:tool/host@0.1.0" "call-tool" (func $call_tool (param i32 i32 i32 i32 i32)))
  ;; @prelude
  (func (export "call") (param $ptr i32) (param $len i32) (result i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $ptr) (i32.const 9)))
    (loop $name
      (if (i32.ne (i32.load8_u (local.get $end)) (i32.const 34))
        (then (local.set $end (i32.add (local.get $end) (i32.const 1))) (br $name))))
    (call $call_tool
      (i32.add (local.get $ptr) (i32.const 9))
      (i32.sub (local.get $end) (i32.add (local.get $ptr) (i32.const 9)))
      (local.get $ptr) (local.get $len) (i32.const 900))
    (call $result (i32.load8_u (i32.const 900)) (i32.load (i32.const 904)) (i32.load (i32.const 908)))))
