;; See handles.wit: consume takes a resource handle, fine takes nothing.
(module
  (memory (export "memory") 1)
  (func (export "consume") (param i32) (result i32) (i32.const 1))
  (func (export "fine") (result i32) (i32.const 7)))
