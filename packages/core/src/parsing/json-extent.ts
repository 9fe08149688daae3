/** Where one JSON object or array ends, found without parsing it. */
export interface JsonExtent {
  /** Index just past the closing bracket, or the scan limit when the value never closes. */
  readonly end: number;
  readonly complete: boolean;
  /**
   * For an incomplete value: the complete objects/arrays nested directly inside brackets that
   * never closed, so a call that follows a stray `{` in prose is still found (in one pass).
   */
  readonly closedInside: ReadonlyArray<readonly [number, number]>;
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

interface Open {
  readonly start: number;
  children: Array<readonly [number, number]> | undefined;
}

const NONE: ReadonlyArray<readonly [number, number]> = [];

/**
 * Finds the balanced end of the JSON object or array starting at `start` (which must be `{` or
 * `[`), skipping brackets inside strings and honouring backslash escapes. It does not validate:
 * `JSON.parse` on the slice does that. Linear in the scanned length.
 */
export function scanJsonExtent(text: string, start: number, limit = text.length): JsonExtent {
  const stack: Open[] = [];
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
      stack.push({ start: i, children: undefined });
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      const closed = stack.pop();
      if (closed === undefined) return { end: i, complete: false, closedInside: NONE };
      const parent = stack[stack.length - 1];
      if (parent === undefined) return { end: i + 1, complete: true, closedInside: NONE };
      if (parent.children === undefined) parent.children = [];
      parent.children.push([closed.start, i + 1]);
    } else if (stack.length === 0) {
      return { end: i, complete: false, closedInside: NONE };
    }
    i++;
  }
  const closedInside: Array<readonly [number, number]> = [];
  for (const open of stack) for (const child of open.children ?? NONE) closedInside.push(child);
  closedInside.sort((a, b) => a[0] - b[0]);
  return { end: limit, complete: false, closedInside };
}

/** Index of the quote that ends a JSON string whose body starts at `from`, or -1. */
function closingQuote(text: string, from: number, limit: number): number {
  let at = from;
  for (;;) {
    const quote = text.indexOf('"', at);
    if (quote === -1 || quote >= limit) return -1;
    let backslashes = 0;
    for (let k = quote - 1; k >= from && text.charCodeAt(k) === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return quote;
    at = quote + 1;
  }
}
