import { readCallShape } from '../call-shape.js';
import { callsInJson, emitClaimed, looksLikeCall, nameIn } from '../json-calls.js';
import { scanJsonExtent } from '../json-extent.js';
import type { TextReader, ToolCallDialect } from '../tool-call-dialect.js';

/** Where a JSON object with a quoted key, or an array of them, may start in prose. */
const CANDIDATE = /\{\s*"|\[\s*\{\s*"/g;

/**
 * The generic shape `{ name|tool|function, arguments|args|parameters|input }` (and OpenAI's
 * `{ function: { name, arguments } }`), as an object, as an array of them, or as bare JSON in
 * prose. In prose a value counts only when it has both a name and an arguments key; JSON that
 * is not a call is skipped whole, and broken JSON is an issue only when it has a quoted name key.
 */
export const jsonDialect: ToolCallDialect = {
  name: 'json',
  markers: ['{'],
  readValue(value, reader) {
    const call = readCallShape(value, true);
    if (call) reader.call(call);
    return call !== undefined;
  },
  readText(text, reader) {
    CANDIDATE.lastIndex = 0;
    for (let match = CANDIDATE.exec(text); match !== null; match = CANDIDATE.exec(text)) {
      const start = match.index;
      const claimed = reader.claimedEnd(start);
      if (claimed !== -1) {
        CANDIDATE.lastIndex = claimed;
        continue;
      }
      const extent = scanJsonExtent(text, start);
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
      CANDIDATE.lastIndex = extent.end;
    }
  },
};

function readComplete(text: string, start: number, end: number, reader: TextReader): void {
  const body = text.slice(start, end);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    if (looksLikeCall(body)) {
      emitClaimed(reader, start, end, [
        { offset: start, issue: `invalid JSON (${(error as Error).message})`, tool: nameIn(body) },
      ]);
    }
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
