import type { ToolCallDialect } from '../../contracts/dialect/v1/tool-call-dialect-v1.js';
import { emitClaimed, type Finding, readJsonCalls, skipSpace, unclosed } from '../json-calls.js';
import { scanJsonExtent } from '../json-extent.js';

const MARKER = '[TOOL_CALLS]';
const CALL_ID = '[CALL_ID]';
const ARGS = '[ARGS]';
const NAME = /[A-Za-z_][\w.-]*/y;

/**
 * Mistral: `[TOOL_CALLS][{"name": ..., "arguments": {...}, "id": "..."}]` (the array may be a
 * single object), and the newer tokenizer's `[TOOL_CALLS]name[ARGS]{...}` with an optional
 * `[CALL_ID]id` before `[ARGS]`, repeated once per call.
 */
export const mistralDialect: ToolCallDialect = {
  specificationVersion: 'v1',
  name: 'mistral',
  markers: [MARKER],
  readText(text, reader) {
    let marker = text.indexOf(MARKER);
    while (marker !== -1) {
      const { end, findings } = readAfterMarker(text, skipSpace(text, marker + MARKER.length));
      emitClaimed(reader, marker, end, findings);
      marker = text.indexOf(MARKER, Math.max(end, marker + MARKER.length));
    }
  },
};

function readAfterMarker(text: string, at: number): { end: number; findings: Finding[] } {
  const first = text[at];
  if (first === '[' || first === '{')
    return readJsonCalls(text, at, text.length, { strict: true, single: true });
  NAME.lastIndex = at;
  const name = NAME.exec(text)?.[0];
  if (name === undefined) {
    return {
      end: at,
      findings: [
        { offset: at, issue: 'expected a JSON array or name[ARGS]{...} after [TOOL_CALLS]' },
      ],
    };
  }
  let cursor = at + name.length;
  let id: string | undefined;
  if (text.startsWith(CALL_ID, cursor)) {
    const argsAt = text.indexOf(ARGS, cursor);
    if (argsAt === -1)
      return {
        end: text.length,
        findings: [{ offset: at, issue: '[CALL_ID] without [ARGS]', tool: name }],
      };
    id = text.slice(cursor + CALL_ID.length, argsAt).trim();
    cursor = argsAt;
  }
  if (!text.startsWith(ARGS, cursor)) {
    return {
      end: cursor,
      findings: [
        { offset: at, issue: `expected [ARGS] after the tool name '${name}'`, tool: name },
      ],
    };
  }
  const argsStart = skipSpace(text, cursor + ARGS.length);
  if (text[argsStart] !== '{') {
    return {
      end: argsStart,
      findings: [{ offset: argsStart, issue: 'expected a JSON object after [ARGS]', tool: name }],
    };
  }
  const extent = scanJsonExtent(text, argsStart);
  if (!extent.complete) {
    return {
      end: extent.end,
      findings: [
        { offset: argsStart, issue: unclosed(text, extent, 'JSON arguments'), tool: name },
      ],
    };
  }
  return {
    end: extent.end,
    findings: [{ offset: at, call: { id, name, arguments: text.slice(argsStart, extent.end) } }],
  };
}
