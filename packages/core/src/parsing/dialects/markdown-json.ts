import type { ToolCallDialect } from '../../contracts/dialect/v1/tool-call-dialect-v1.js';
import { emitClaimed, readJsonCalls, skipSpace } from '../json-calls.js';

const FENCE = '```';
const OPENING = /```[^\n`]*\n/g;
const JSON_BODY = { strict: false, separators: ',', until: [FENCE] };

/**
 * JSON calls inside markdown code fences (```json ... ```), one or several values per fence.
 * Fences of other content (code, data that is not a call) are left alone; a fence that never
 * closes (output cut off) is read to the end of the text.
 */
export const markdownJsonDialect: ToolCallDialect = {
  specificationVersion: 'v1',
  name: 'markdown-json',
  markers: [FENCE],
  readText(text, reader) {
    OPENING.lastIndex = 0;
    for (let open = OPENING.exec(text); open !== null; open = OPENING.exec(text)) {
      const bodyStart = open.index + open[0].length;
      const first = text[skipSpace(text, bodyStart)];
      if (first !== '{' && first !== '[') {
        const close = text.indexOf(FENCE, bodyStart);
        OPENING.lastIndex = close === -1 ? text.length : close + FENCE.length;
        continue;
      }
      // The JSON ends where it does (a fence inside one of its strings is text); then the fence.
      const read = readJsonCalls(text, bodyStart, text.length, JSON_BODY);
      const after = skipSpace(text, read.end);
      const close = text.startsWith(FENCE, after) ? after : text.indexOf(FENCE, read.end);
      const end = close === -1 ? text.length : close + FENCE.length;
      OPENING.lastIndex = end;
      emitClaimed(reader, open.index, end, read.findings);
    }
  },
};
