;; describe: {"description":"Never returns"}
(module
  ;; @prelude
  (func (export "call") (param i32 i32) (result i32)
    (loop $forever (br $forever))
    (unreachable)))
