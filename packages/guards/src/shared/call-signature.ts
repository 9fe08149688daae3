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

// Long strings are hashed 4 bytes at a time from their UTF-8 encoding: the native encoder plus a
// word loop is about 3x faster than reading char codes one by one, which is what this hash spent
// its time on. UTF-8 is lossless only for well-formed text (lone surrogates become U+FFFD), so
// other strings, and short ones where the encoder's fixed cost dominates, take the char loop.
const WORD_PATH_MIN_LENGTH = 32;
const encoder = new TextEncoder();
const scratch = new Uint8Array(4096);
const scratchWords = new Int32Array(scratch.buffer);

function mixText(text: string): void {
  if (text.length >= WORD_PATH_MIN_LENGTH && (text as unknown as WellFormedCheck).isWellFormed()) {
    mixWords(text);
  } else {
    mixCodes(text);
  }
  mix(text.length ^ 0xfffe0000); // terminator: "ab"+"c" differs from "a"+"bc"
}

/** `String.prototype.isWellFormed` (Node 20+), missing from the ES2023 typings. */
interface WellFormedCheck {
  isWellFormed(): boolean;
}

function mixCodes(text: string): void {
  let a = lanes[0]!;
  let b = lanes[1]!;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  }
  lanes[0] = a;
  lanes[1] = b;
}

function mixWords(text: string): void {
  // UTF-8 takes at most 3 bytes per UTF-16 unit, plus room for the zero padding of the last word;
  // text longer than the shared scratch buffer gets its own, so memory stays bounded.
  const needed = (text.length * 3 + 7) & ~3;
  const buffer = needed <= scratch.length ? scratch : new Uint8Array(needed);
  const words = buffer === scratch ? scratchWords : new Int32Array(buffer.buffer);
  const { written } = encoder.encodeInto(text, buffer);
  const count = (written + 3) >> 2;
  buffer.fill(0, written, count * 4);
  let a = lanes[0]!;
  let b = lanes[1]!;
  for (let index = 0; index < count; index++) {
    const word = words[index]!;
    a = Math.imul(a ^ word, 0x01000193);
    b = Math.imul(b ^ word, 0x5bd1e995);
  }
  lanes[0] = a;
  lanes[1] = b;
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

// Number#toString(16) costs about half a microsecond here; a byte table is five times cheaper.
const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function hex(lane: number): string {
  return (
    HEX_BYTES[lane >>> 24]! +
    HEX_BYTES[(lane >>> 16) & 0xff]! +
    HEX_BYTES[(lane >>> 8) & 0xff]! +
    HEX_BYTES[lane & 0xff]!
  );
}

function byCodeUnit(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
