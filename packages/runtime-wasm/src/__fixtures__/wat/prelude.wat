  ;; Shared by every fixture (inserted at its ";; @prelude" line): memory, a bump allocator reset
  ;; after each call, $ok/$err building the call's result, and describe() returning the description.
  ;; Layout: 1024 result area, 1040 describe's string, 2048-4095 the description, 4096+ the heap.
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 4096))
  (func $alloc (export "cabi_realloc")
    (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
    (local $p i32)
    (local.set $p
      (i32.and
        (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
        (i32.sub (i32.const 0) (local.get $align))))
    (global.set $heap (i32.add (local.get $p) (local.get $size)))
    (block $enough
      (loop $grow
        (br_if $enough (i32.le_u (global.get $heap) (i32.shl (memory.size) (i32.const 16))))
        (br_if $enough (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (br $grow)))
    (if (local.get $old_size)
      (then (memory.copy (local.get $p) (local.get $old) (local.get $old_size))))
    (local.get $p))
  (func (export "cabi_post_call") (param i32) (global.set $heap (i32.const 4096)))
  (func (export "cabi_post_describe") (param i32) (global.set $heap (i32.const 4096)))
  (func $result (param $tag i32) (param $ptr i32) (param $len i32) (result i32)
    (i32.store8 (i32.const 1024) (local.get $tag))
    (i32.store (i32.const 1028) (local.get $ptr))
    (i32.store (i32.const 1032) (local.get $len))
    (i32.const 1024))
  (func $ok (param $ptr i32) (param $len i32) (result i32)
    (call $result (i32.const 0) (local.get $ptr) (local.get $len)))
  (func $err (param $ptr i32) (param $len i32) (result i32)
    (call $result (i32.const 1) (local.get $ptr) (local.get $len)))
  (func (export "describe") (result i32)
    (i32.store (i32.const 1040) (i32.const 2048))
    (i32.store (i32.const 1044) (i32.const @DESCRIBE_LENGTH@))
    (i32.const 1040))
  (data (i32.const 2048) "@DESCRIBE@")
