import type { Decoded } from '../call-shape.js';
import type { RawToolCall } from '../tool-call-dialect.js';

const HEAD = /^([A-Za-z_][\w]*)\.call\(/;
const KEY = /\s*([A-Za-z_]\w*)\s*=\s*/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS: Readonly<Record<string, unknown>> = { True: true, False: false, None: null };

/**
 * Reads Llama's built-in tool syntax `name.call(key="value", n=3)`: keyword arguments whose
 * values are string, number, True/False/None literals. Anything else is refused, not guessed.
 */
export function readPythonCall(source: string): Decoded<RawToolCall> {
  const head = HEAD.exec(source);
  if (!head) return { ok: false, message: 'expected name.call(...)' };
  const args: Record<string, unknown> = {};
  let at = head[0].length;
  for (;;) {
    while (source[at] === ' ') at++;
    if (source[at] === ')' && at === source.length - 1)
      return { ok: true, value: { name: head[1], arguments: args } };
    KEY.lastIndex = at;
    const key = KEY.exec(source);
    if (!key) return { ok: false, message: `expected key=value at ${at}` };
    const literal = readLiteral(source, KEY.lastIndex);
    if (!literal) return { ok: false, message: `unsupported value for '${key[1]}'` };
    args[key[1] as string] = literal.value;
    at = literal.end;
    while (source[at] === ' ') at++;
    if (source[at] === ',') at++;
    else if (source[at] !== ')') return { ok: false, message: `expected ',' or ')' at ${at}` };
  }
}

function readLiteral(source: string, at: number): { value: unknown; end: number } | undefined {
  const quote = source[at];
  if (quote === '"' || quote === "'") {
    let value = '';
    for (let i = at + 1; i < source.length; i++) {
      const c = source[i] as string;
      if (c === quote) return { value, end: i + 1 };
      if (c === '\\' && i + 1 < source.length) {
        const next = source[++i] as string;
        value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      } else {
        value += c;
      }
    }
    return undefined;
  }
  for (const [word, value] of Object.entries(LITERALS)) {
    if (source.startsWith(word, at)) return { value, end: at + word.length };
  }
  NUMBER.lastIndex = at;
  const number = NUMBER.exec(source);
  return number ? { value: Number(number[0]), end: at + number[0].length } : undefined;
}
