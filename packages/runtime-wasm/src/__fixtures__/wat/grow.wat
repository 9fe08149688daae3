;; describe: {"description":"Grows its memory until the host refuses, then traps"}
(module
  ;; @prelude
  (func (export "call") (param i32 i32) (result i32)
    (loop $more (br_if $more (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
    (unreachable)))
