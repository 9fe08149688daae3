/** Where one JSON object or array ends, found without parsing it. */
export interface JsonExtent {
  /** Index just past the closing bracket, or the scan limit when the value never closes. */
  readonly end: number;
  readonly complete: boolean;
  /**
   * For an incomplete value scanned as `prose`: the complete objects/arrays nested directly
   * inside brackets that never closed, so a call that follows a stray `{` in prose is still
   * found (in one pass). Empty otherwise.
   */
  readonly closedInside: ReadonlyArray<readonly [number, number]>;
  /** Incomplete because a character JSON never has outside a string is at `end` (not prose). */
  readonly stray?: true;
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

const NONE: ReadonlyArray<readonly [number, number]> = [];

/**
 * Offsets of the open brackets, shared by every scan (a scan never calls another). A typed array
 * grown by doubling: hostile nesting a million brackets deep then costs a few copies, not a
 * growing JS array the garbage collector has to move around. Released after a scan that needed
 * more than `KEPT_STACK` entries.
 */
const KEPT_STACK = 4096;
let stack = new Int32Array(256);

/** Characters JSON allows outside strings: whitespace, punctuation, numbers, true/false/null. */
const OUTSIDE_STRINGS = new Uint8Array(128);
for (const c of ' \t\n\r{}[]:,-+.0123456789eEtruefalsn') OUTSIDE_STRINGS[c.charCodeAt(0)] = 1;

/**
 * Finds the balanced end of the JSON object or array starting at `start` (which must be `{` or
 * `[`), skipping brackets inside strings and honouring backslash escapes. It does not validate:
 * `JSON.parse` on the slice does that. Linear in the scanned length.
 *
 * A value read after a marker (`<tool_call>`, `[TOOL_CALLS]`, a fence...) ends where its JSON
 * ends, so the dialect's own markers inside its strings are just text; and a character JSON
 * never has outside a string (`<`, a backtick, a letter...) ends it as truncated, so a call cut
 * off before the next marker does not swallow the next call. `prose` (the bare-JSON reader)
 * scans over such characters instead and collects the complete values inside an unclosed one.
 */
export function scanJsonExtent(
  text: string,
  start: number,
  limit = text.length,
  prose = false,
): JsonExtent {
  try {
    return scan(text, start, limit, prose);
  } finally {
    if (stack.length > KEPT_STACK) stack = new Int32Array(256);
  }
}

function scan(text: string, start: number, limit: number, prose: boolean): JsonExtent {
  let depth = 0;
  // Only `withInside`, and only for brackets that have a closed child: depth -> children.
  let children: Map<number, Array<readonly [number, number]>> | undefined;
  let i = start;
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const close = closingQuote(text, i + 1, limit);
      if (close === -1) break;
      i = close + 1;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth === stack.length) {
        const grown = new Int32Array(depth * 2);
        grown.set(stack);
        stack = grown;
      }
      stack[depth++] = i;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (depth === 0) return { end: i, complete: false, closedInside: NONE };
      const closed = stack[--depth] as number;
      if (depth === 0) return { end: i + 1, complete: true, closedInside: NONE };
      if (prose) {
        children ??= new Map();
        children.delete(depth);
        const siblings = children.get(depth - 1);
        if (siblings === undefined) children.set(depth - 1, [[closed, i + 1]]);
        else siblings.push([closed, i + 1]);
      }
    } else if (depth === 0) {
      return { end: i, complete: false, closedInside: NONE };
    } else if (!prose && (c >= 128 || OUTSIDE_STRINGS[c] === 0)) {
      return { end: i, complete: false, closedInside: NONE, stray: true };
    }
    i++;
  }
  if (children === undefined) return { end: limit, complete: false, closedInside: NONE };
  const closedInside: Array<readonly [number, number]> = [];
  for (const list of children.values()) for (const child of list) closedInside.push(child);
  closedInside.sort((a, b) => a[0] - b[0]);
  return { end: limit, complete: false, closedInside };
}

/** Index just past the JSON string whose opening quote is at `quote`, or -1 when it never closes. */
export function jsonStringEnd(text: string, quote: number): number {
  const close = closingQuote(text, quote + 1, text.length);
  return close === -1 ? -1 : close + 1;
}

/**
 * Index of the quote that ends a JSON string whose body starts at `from`, or -1 when none does
 * before `limit`. A loop rather than `indexOf`: the search must stop at the limit, or a text of
 * many short regions that each open a string would be scanned to its end once per region.
 */
function closingQuote(text: string, from: number, limit: number): number {
  for (let i = from; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i;
    if (c === BACKSLASH) i++;
  }
  return -1;
}
