import { forwardSearch } from '../forward-search.js';
import { emitClaimed, type Finding, readJsonCalls, skipSpace } from '../json-calls.js';
import type { ToolCallDialect } from '../tool-call-dialect.js';
import { readPythonCall } from './python-call.js';

const TAG = '<|python_tag|>';
const END_TOKENS = ['<|eom_id|>', '<|eot_id|>', TAG];

/**
 * Llama 3.x: `<|python_tag|>` followed by JSON calls (`{"name": ..., "parameters": {...}}`,
 * several separated by `;`) or a built-in tool call `brave_search.call(query="...")`, up to
 * `<|eom_id|>`/`<|eot_id|>`. The untagged `{"name", "parameters"}` form is read by the json
 * dialect.
 */
export const llamaDialect: ToolCallDialect = {
  name: 'llama',
  markers: [TAG],
  readText(text, reader) {
    const ends = END_TOKENS.map((token) => forwardSearch(text, token));
    let tag = text.indexOf(TAG);
    while (tag !== -1) {
      const bodyStart = skipSpace(text, tag + TAG.length);
      const bodyEnd = ends.reduce((end, next) => {
        const at = next(bodyStart);
        return at !== -1 && at < end ? at : end;
      }, text.length);
      emitClaimed(reader, tag, bodyEnd, readBody(text, bodyStart, bodyEnd));
      tag = text.indexOf(TAG, bodyEnd);
    }
  },
};

function readBody(text: string, start: number, end: number): Finding[] {
  if (start >= end) return [{ offset: start, issue: 'nothing after <|python_tag|>' }];
  const first = text[start];
  if (first === '{' || first === '[')
    return readJsonCalls(text, start, end, { strict: true, separators: ';' }).findings;
  const python = readPythonCall(text.slice(start, end).trimEnd());
  if (python.ok) return [{ offset: start, call: python.value }];
  return [
    {
      offset: start,
      issue: `python_tag content is neither JSON nor a tool.call(...): ${python.message}`,
    },
  ];
}
