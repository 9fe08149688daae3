import type {
  TextReader,
  ToolCallDialect,
} from '../../contracts/dialect/v1/tool-call-dialect-v1.js';
import { readCallShape } from '../call-shape.js';
import {
  callsInJson,
  emitClaimed,
  isJsonSpace,
  looksLikeCall,
  nameIn,
  skipSpace,
} from '../json-calls.js';
import { scanJsonExtent } from '../json-extent.js';

const QUOTE = 34;

/**
 * The generic shape `{ name|tool|function, arguments|args|parameters|input }` (and OpenAI's
 * `{ function: { name, arguments } }`), as an object, as an array of them, or as bare JSON in
 * prose. In prose a value counts only when it has both a name and an arguments key; JSON that
 * is not a call is skipped whole, and broken JSON is an issue only when it has a quoted name key.
 */
export const jsonDialect: ToolCallDialect = {
  specificationVersion: 'v1',
  name: 'json',
  markers: ['{'],
  readValue(value, reader) {
    const call = readCallShape(value, true);
    if (call) reader.call(call);
    return call !== undefined;
  },
  readText(text, reader) {
    for (let start = nextCandidate(text, 0); start !== -1; ) {
      const claimed = reader.claimedEnd(start);
      if (claimed !== -1) {
        start = nextCandidate(text, claimed);
        continue;
      }
      const extent = scanJsonExtent(text, start, text.length, true);
      if (extent.complete) {
        readComplete(text, start, extent.end, reader);
      } else {
        // Judge the unclosed value by its own text: a complete call nested in it speaks for itself.
        const own = outside(text, start, extent.end, extent.closedInside);
        if (looksLikeCall(own))
          reader.issue('truncated JSON: the value never closes', start, nameIn(own));
        for (const [innerStart, innerEnd] of extent.closedInside) {
          if (reader.claimedEnd(innerStart) === -1)
            readComplete(text, innerStart, innerEnd, reader);
        }
      }
      start = nextCandidate(text, Math.max(extent.end, start + 1));
    }
  },
};

/**
 * Where the next JSON object with a quoted key (`{"`), or an array of them (`[{"`), starts at or
 * after `from`; -1 when none. indexOf of `{` keeps prose without braces nearly free.
 */
function nextCandidate(text: string, from: number): number {
  for (let brace = text.indexOf('{', from); brace !== -1; brace = text.indexOf('{', brace + 1)) {
    if (text.charCodeAt(skipSpace(text, brace + 1)) !== QUOTE) continue;
    let before = brace - 1;
    while (before >= from && isJsonSpace(text.charCodeAt(before))) before--;
    return before >= from && text[before] === '[' ? before : brace;
  }
  return -1;
}

function readComplete(text: string, start: number, end: number, reader: TextReader): void {
  const body = text.slice(start, end);
  // Without a quoted name key (written plainly or with \u escapes) no call can be in it, parsed
  // or not: skip the parse, and the costly exception of a failed one, which hostile prose could
  // otherwise cause once every few characters.
  if (!looksLikeCall(body) && !body.includes('\\u')) return;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    emitClaimed(reader, start, end, [
      { offset: start, issue: `invalid JSON (${(error as Error).message})`, tool: nameIn(body) },
    ]);
    return;
  }
  emitClaimed(reader, start, end, callsInJson(value, start, false));
}

function outside(
  text: string,
  start: number,
  end: number,
  inner: ReadonlyArray<readonly [number, number]>,
): string {
  let own = '';
  let at = start;
  for (const [innerStart, innerEnd] of inner) {
    own += text.slice(at, innerStart);
    at = innerEnd;
  }
  return own + text.slice(at, end);
}
