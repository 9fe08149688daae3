;; describe: {"description":"Fails with the given message","inputSchema":{"type":"object","properties":{"message":{"type":"string"}},"required":["message"]}}
;; The error is the whole input, {"message":"..."}, which contains the message.
(module
  ;; @prelude
  (func (export "call") (param $ptr i32) (param $len i32) (result i32)
    (call $err (local.get $ptr) (local.get $len))))
