import { emitClaimed, readJsonCalls, skipSpace } from '../json-calls.js';
import type { ToolCallDialect } from '../tool-call-dialect.js';

const FENCE = '```';
const OPENING = /```[^\n`]*\n/g;

/**
 * JSON calls inside markdown code fences (```json ... ```), one or several values per fence.
 * Fences of other content (code, data that is not a call) are left alone; a fence that never
 * closes (output cut off) is read to the end of the text.
 */
export const markdownJsonDialect: ToolCallDialect = {
  name: 'markdown-json',
  markers: [FENCE],
  readText(text, reader) {
    OPENING.lastIndex = 0;
    for (let open = OPENING.exec(text); open !== null; open = OPENING.exec(text)) {
      const bodyStart = open.index + open[0].length;
      const close = text.indexOf(FENCE, bodyStart);
      const bodyEnd = close === -1 ? text.length : close;
      const end = close === -1 ? text.length : close + FENCE.length;
      OPENING.lastIndex = end;
      const first = text[skipSpace(text, bodyStart, bodyEnd)];
      if (first !== '{' && first !== '[') continue;
      const { findings } = readJsonCalls(text, bodyStart, bodyEnd, {
        strict: false,
        separators: ',',
      });
      emitClaimed(reader, open.index, end, findings);
    }
  },
};
