import type { ToolCallDialect } from '../../contracts/dialect/v1/tool-call-dialect-v1.js';
import { forwardSearch } from '../forward-search.js';
import { emitClaimed, type Finding, readJsonCalls, skipSpace } from '../json-calls.js';
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
  specificationVersion: 'v1',
  name: 'llama',
  markers: [TAG],
  readText(text, reader) {
    const ends = END_TOKENS.map((token) => forwardSearch(text, token));
    let tag = text.indexOf(TAG);
    while (tag !== -1) {
      const bodyStart = skipSpace(text, tag + TAG.length);
      const first = text[bodyStart];
      let bodyEnd: number;
      let findings: Finding[];
      if (first === '{' || first === '[') {
        // JSON ends where its JSON does: end tokens inside its strings are just text.
        const read = readJsonCalls(text, bodyStart, text.length, JSON_BODY);
        bodyEnd = skipSpace(text, read.end);
        findings = read.findings;
      } else {
        bodyEnd = ends.reduce((end, next) => {
          const at = next(bodyStart);
          return at !== -1 && at < end ? at : end;
        }, text.length);
        findings = readPython(text, bodyStart, bodyEnd);
      }
      emitClaimed(reader, tag, bodyEnd, findings);
      tag = text.indexOf(TAG, Math.max(bodyEnd, tag + TAG.length));
    }
  },
};

const JSON_BODY = { strict: true, separators: ';', until: END_TOKENS };

function readPython(text: string, start: number, end: number): Finding[] {
  if (start >= end) return [{ offset: start, issue: 'nothing after <|python_tag|>' }];
  const python = readPythonCall(text.slice(start, end).trimEnd());
  if (python.ok) return [{ offset: start, call: python.value }];
  return [
    {
      offset: start,
      issue: `python_tag content is neither JSON nor a tool.call(...): ${python.message}`,
    },
  ];
}
