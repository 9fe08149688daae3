import type { RawToolCall } from '../../contracts/dialect/v1/tool-call-dialect-v1.js';
import type { Decoded } from '../call-shape.js';
import { readKeywordArguments, skipSpace } from '../python-syntax.js';

const HEAD = /^([A-Za-z_][\w]*)\.call\(/;

/**
 * Reads Llama's built-in tool syntax `name.call(key="value", n=3)`: keyword arguments whose
 * values are Python literals. Anything else is refused, not guessed.
 */
export function readPythonCall(source: string): Decoded<RawToolCall> {
  const head = HEAD.exec(source);
  if (!head) return { ok: false, message: 'expected name.call(...)' };
  const args = readKeywordArguments(source, head[0].length);
  if ('error' in args) return { ok: false, message: args.error };
  if (skipSpace(source, args.end) !== source.length) {
    return { ok: false, message: `unexpected text after the call at ${args.end}` };
  }
  return { ok: true, value: { name: head[1], arguments: args.value } };
}
