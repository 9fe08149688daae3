import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { describe, expect, it } from 'vitest';
import { capMemory, MemoryCapError } from './cap-memory.js';

// Real modules from WAT: the rewritten binary must still validate and grow only up to the cap.
const grower = (memory: string) =>
  parse(`(module
    ${memory}
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "pages") (result i32) (memory.size))
    (table 1 funcref) (global (mut i32) (i32.const 7)) (data (i32.const 0) "kept"))`);

function instantiate(bytes: Uint8Array, imports: WebAssembly.Imports = {}) {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
  return instance.exports as { grow(pages: number): number; pages(): number };
}

describe('capMemory', () => {
  it('adds a maximum to a memory without one; growing past it fails inside the guest', async () => {
    const guest = instantiate(capMemory(await grower('(memory 1)'), 4));
    expect(guest.grow(3)).toBe(1);
    expect(guest.grow(1)).toBe(-1);
    expect(guest.pages()).toBe(4);
  });

  it('lowers a larger maximum and keeps a smaller one', async () => {
    const lowered = instantiate(capMemory(await grower('(memory 1 100)'), 2));
    expect(lowered.grow(2)).toBe(-1);
    expect(lowered.grow(1)).toBe(1);
    const kept = instantiate(capMemory(await grower('(memory 1 2)'), 50));
    expect(kept.grow(2)).toBe(-1);
  });

  it('caps an imported memory (the host must then supply one that fits)', async () => {
    const bytes = capMemory(
      await parse(`(module (import "env" "memory" (memory 1))
        (import "env" "f" (func)) (import "env" "g" (global i32)) (import "env" "t" (table 1 funcref))
        (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
        (func (export "pages") (result i32) (memory.size)))`),
      3,
    );
    const env = {
      memory: new WebAssembly.Memory({ initial: 1, maximum: 3 }),
      f: () => {},
      g: new WebAssembly.Global({ value: 'i32' }, 1),
      t: new WebAssembly.Table({ initial: 1, element: 'anyfunc' }),
    };
    expect(instantiate(bytes, { env }).grow(5)).toBe(-1);
    const unbounded = { ...env, memory: new WebAssembly.Memory({ initial: 1 }) };
    expect(() => instantiate(bytes, { env: unbounded })).toThrow(WebAssembly.LinkError);
  });

  it('refuses what is not a core module', () => {
    expect(() => capMemory(new Uint8Array(0), 1)).toThrow('not a core WebAssembly module');
    const component = Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00);
    expect(() => capMemory(component, 1)).toThrow('not a core WebAssembly module');
  });

  it('refuses a memory whose minimum is above the cap', async () => {
    const bytes = await grower('(memory 8)');
    expect(() => capMemory(bytes, 4)).toThrow(MemoryCapError);
  });
});
