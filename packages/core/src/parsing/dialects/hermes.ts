import { forwardSearch } from '../forward-search.js';
import { emitClaimed, readJsonCalls } from '../json-calls.js';
import type { ToolCallDialect } from '../tool-call-dialect.js';

const OPEN = '<tool_call>';
const CLOSE = '</tool_call>';

/**
 * Hermes / Qwen / many fine-tunes: `<tool_call>{"name": ..., "arguments": {...}}</tool_call>`.
 * A missing closing tag is tolerated when the JSON is complete (servers often use the closing
 * tag as a stop sequence, so it never reaches the text); a truncated body is an issue.
 */
export const hermesDialect: ToolCallDialect = {
  name: 'hermes',
  markers: [OPEN],
  readText(text, reader) {
    const nextOpen = forwardSearch(text, OPEN);
    const nextClose = forwardSearch(text, CLOSE);
    let open = nextOpen(0);
    while (open !== -1) {
      const bodyStart = open + OPEN.length;
      const next = nextOpen(bodyStart);
      let close = nextClose(bodyStart);
      if (next !== -1 && close > next) close = -1;
      const bodyEnd = close !== -1 ? close : next !== -1 ? next : text.length;
      const end = close !== -1 ? close + CLOSE.length : bodyEnd;
      const { findings } = readJsonCalls(text, bodyStart, bodyEnd, { strict: true });
      if (findings.length === 0) findings.push({ offset: open, issue: 'empty <tool_call> tag' });
      emitClaimed(reader, open, end, findings);
      open = next;
    }
  },
};
