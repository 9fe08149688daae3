;; describe: {"description":"Returns text unchanged","inputSchema":{"type":"object","properties":{"text":{"type":"string"}},"required":["text"],"additionalProperties":false}}
;; The input is exactly {"text":<JSON string>} (JSON.stringify of the checked arguments), so the
;; value, itself JSON, is the input without its first 8 and its last byte.
(module
  ;; @prelude
  (func (export "call") (param $ptr i32) (param $len i32) (result i32)
    (call $ok (i32.add (local.get $ptr) (i32.const 8)) (i32.sub (local.get $len) (i32.const 9)))))
