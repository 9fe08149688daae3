import type { ToolDefinition } from '@tp/core';
import { MAX_WALK_DEPTH } from './walk-strings.js';

/** Identifies "the same call": the tool and its arguments, whatever their key order. */
export function callSignature(tool: ToolDefinition, args: unknown): string {
  return `${tool.namespace}.${tool.name}#${hashValue(args)}`;
}

// Several guards fingerprint the same arguments object, one after the other, within one call:
// the last digest is kept (a one-entry identity cache; see stringLeaves for why not a WeakMap).
// Arguments are not mutated in place along the chain; a repair replaces the object.
let lastValue: object | undefined;
let lastDigest = '';

/**
 * A 64-bit structural fingerprint of a JSON-like value (object key order ignored), computed
 * without building its canonical JSON. Two 32-bit FNV-1a style lanes: plenty to tell values
 * apart within a request, not a cryptographic hash. `remember: false` for values that may be
 * mutated and seen again (tool results).
 */
export function hashValue(value: unknown, remember = true): string {
  const cacheable = remember && typeof value === 'object' && value !== null;
  if (cacheable && value === lastValue) return lastDigest;
  lanes[0] = 0x811c9dc5;
  lanes[1] = 0x9747b28c;
  feed(value, 0);
  const digest = hex(lanes[0]!) + hex(lanes[1]!);
  if (cacheable) {
    lastValue = value;
    lastDigest = digest;
  }
  return digest;
}

// Hashing is synchronous, so one shared state suffices; a typed array keeps the 32-bit lanes
// unboxed (object fields holding such numbers would allocate on every write).
const lanes = new Int32Array(2);

function mix(code: number): void {
  lanes[0] = Math.imul(lanes[0]! ^ code, 0x01000193);
  lanes[1] = Math.imul(lanes[1]! ^ code, 0x5bd1e995);
}

function mixText(text: string): void {
  let a = lanes[0]!;
  let b = lanes[1]!;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  }
  lanes[0] = a;
  lanes[1] = b;
  mix(0xfffe); // terminator: "ab"+"c" differs from "a"+"bc"
}

function feed(value: unknown, depth: number): void {
  if (typeof value === 'string') {
    mix(0x73);
    mixText(value);
  } else if (typeof value !== 'object' || value === null) {
    mix(0x76);
    mixText(String(value));
  } else if (depth >= MAX_WALK_DEPTH) {
    mix(0x64);
  } else if (Array.isArray(value)) {
    mix(0x5b);
    for (const item of value) feed(item, depth + 1);
    mix(0x5d);
  } else {
    mix(0x7b);
    const keys = Object.keys(value);
    if (keys.length > 1) keys.sort(byCodeUnit);
    for (const key of keys) {
      mixText(key);
      feed((value as Record<string, unknown>)[key], depth + 1);
    }
    mix(0x7d);
  }
}

function hex(lane: number): string {
  return (lane >>> 0).toString(16).padStart(8, '0');
}

function byCodeUnit(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
