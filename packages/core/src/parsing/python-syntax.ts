// Python call syntax as models write it: `name(key=literal, ...)` with literals of the kinds
// `ast.literal_eval` accepts (strings, numbers, True/False/None, lists, tuples, dicts). Read by
// hand, linear, nothing evaluated; anything else is refused, not guessed.

const KEY = /[ \t\n\r]*([A-Za-z_]\w*)[ \t\n\r]*=(?!=)[ \t\n\r]*/y;
const NUMBER = /[-+]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d+)?/y;
const WORDS: ReadonlyArray<readonly [string, unknown]> = [
  ['True', true],
  ['False', false],
  ['None', null],
];
const ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '\n': '',
};
/** Nesting deeper than any real argument; stops hostile input early. */
const MAX_DEPTH = 32;

export type Read<T> = { readonly value: T; readonly end: number } | { readonly error: string };

export function skipSpace(source: string, at: number): number {
  while (at < source.length && ' \t\n\r'.includes(source[at] as string)) at++;
  return at;
}

/**
 * Keyword arguments from just after `(` to just past the matching `)`: `key=literal` pairs
 * separated by commas (a trailing comma allowed). A positional argument is refused.
 */
export function readKeywordArguments(source: string, at: number): Read<Record<string, unknown>> {
  const args: Record<string, unknown> = {};
  for (;;) {
    at = skipSpace(source, at);
    if (source[at] === ')') return { value: args, end: at + 1 };
    KEY.lastIndex = at;
    const key = KEY.exec(source);
    if (!key) return { error: `expected key=value at ${at}` };
    const literal = readLiteral(source, KEY.lastIndex, 0);
    if ('error' in literal) return { error: `unsupported value for '${key[1]}': ${literal.error}` };
    args[key[1] as string] = literal.value;
    at = skipSpace(source, literal.end);
    if (source[at] === ',') at++;
    else if (source[at] !== ')') return { error: `expected ',' or ')' at ${at}` };
  }
}

/** One Python literal starting at `at`. */
export function readLiteral(source: string, at: number, depth: number): Read<unknown> {
  if (depth > MAX_DEPTH) return { error: `nested deeper than ${MAX_DEPTH} levels` };
  const first = source[at];
  if (first === '"' || first === "'") return readString(source, at);
  if (first === '[' || first === '(') return readSequence(source, at, depth);
  if (first === '{') return readDict(source, at, depth);
  for (const [word, value] of WORDS) {
    if (source.startsWith(word, at) && !/\w/.test(source[at + word.length] ?? '')) {
      return { value, end: at + word.length };
    }
  }
  NUMBER.lastIndex = at;
  const number = NUMBER.exec(source);
  if (number && !/\w/.test(source[NUMBER.lastIndex] ?? '')) {
    const value = Number(number[0].replaceAll('_', ''));
    if (Number.isFinite(value)) return { value, end: NUMBER.lastIndex };
  }
  return { error: `not a literal at ${at}` };
}

function readString(source: string, at: number): Read<string> {
  const quote = source[at] as string;
  let value = '';
  for (let i = at + 1; i < source.length; i++) {
    const c = source[i] as string;
    if (c === quote) return { value, end: i + 1 };
    if (c === '\n') break;
    if (c !== '\\') {
      value += c;
      continue;
    }
    const next = source[++i] ?? '';
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(source.slice(i + 1, i + 5))) {
      value += String.fromCharCode(Number.parseInt(source.slice(i + 1, i + 5), 16));
      i += 4;
    } else {
      value += ESCAPES[next] ?? `\\${next}`;
    }
  }
  return { error: `unterminated string at ${at}` };
}

function readSequence(source: string, at: number, depth: number): Read<unknown[]> {
  const close = source[at] === '[' ? ']' : ')';
  const items: unknown[] = [];
  at = skipSpace(source, at + 1);
  while (source[at] !== close) {
    const item = readLiteral(source, at, depth + 1);
    if ('error' in item) return item;
    items.push(item.value);
    at = skipSpace(source, item.end);
    if (source[at] === ',') at = skipSpace(source, at + 1);
    else if (source[at] !== close) return { error: `expected ',' or '${close}' at ${at}` };
  }
  return { value: items, end: at + 1 };
}

function readDict(source: string, at: number, depth: number): Read<Record<string, unknown>> {
  const dict: Record<string, unknown> = {};
  at = skipSpace(source, at + 1);
  while (source[at] !== '}') {
    const key = readLiteral(source, at, depth + 1);
    if ('error' in key) return key;
    if (typeof key.value !== 'string' && typeof key.value !== 'number') {
      return { error: `dict key at ${at} is not a string or number` };
    }
    at = skipSpace(source, key.end);
    if (source[at] !== ':') return { error: `expected ':' at ${at}` };
    const value = readLiteral(source, skipSpace(source, at + 1), depth + 1);
    if ('error' in value) return value;
    dict[String(key.value)] = value.value;
    at = skipSpace(source, value.end);
    if (source[at] === ',') at = skipSpace(source, at + 1);
    else if (source[at] !== '}') return { error: `expected ',' or '}' at ${at}` };
  }
  return { value: dict, end: at + 1 };
}
