import { canonicalJson, type ToolDefinition } from '@tp/core';

/** Longest signature kept verbatim; longer ones are hashed so per-request memory stays small. */
const MAX_VERBATIM = 256;

/** Identifies "the same call": the tool and its arguments, whatever their key order. */
export function callSignature(tool: ToolDefinition, args: unknown): string {
  const text = `${tool.namespace}.${tool.name}:${canonicalJson(args)}`;
  return text.length <= MAX_VERBATIM ? text : `${tool.namespace}.${tool.name}#${hashText(text)}`;
}

/** A fast 64-bit fingerprint (two 32-bit FNV-1a style lanes): plenty to tell values apart, not cryptographic. */
export function hashText(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
