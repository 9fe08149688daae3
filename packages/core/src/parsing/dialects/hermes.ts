import type { ToolCallDialect } from '../../contracts/dialect/v1/tool-call-dialect-v1.js';
import { forwardSearch } from '../forward-search.js';
import { emitClaimed, type Finding, readJsonCalls, skipSpace } from '../json-calls.js';
import { textExtra, typedValue } from '../typed-value.js';

const OPEN = '<tool_call>';
const CLOSE = '</tool_call>';
const FUNCTION = '<function=';
const FUNCTION_CLOSE = '</function>';
const PARAMETER = /<parameter=([^>\n]+)>/y;
const PARAMETER_CLOSE = '</parameter>';
const MARKERS = [CLOSE, OPEN];

/**
 * Hermes / Qwen / many fine-tunes: `<tool_call>{"name": ..., "arguments": {...}}</tool_call>`,
 * and Qwen3-Coder's XML body `<tool_call><function=name><parameter=key>value</parameter>
 * </function></tool_call>`.
 * A missing closing tag is tolerated when the JSON is complete (servers often use the closing
 * tag as a stop sequence, so it never reaches the text); a truncated body is an issue.
 */
export const hermesDialect: ToolCallDialect = {
  specificationVersion: 'v1',
  name: 'hermes',
  markers: [OPEN],
  readText(text, reader) {
    const nextOpen = forwardSearch(text, OPEN);
    const nextClose = forwardSearch(text, CLOSE);
    const searches: FunctionSearches = {
      tagEnd: forwardSearch(text, '>'),
      parameterClose: forwardSearch(text, PARAMETER_CLOSE),
    };
    for (let open = nextOpen(0); open !== -1; ) {
      const bodyStart = open + OPEN.length;
      const first = skipSpace(text, bodyStart);
      let findings: Finding[];
      let bodyEnd: number;
      if (text[first] === '{' || text[first] === '[') {
        // A JSON body ends where its JSON does: tags inside its strings are just text.
        const read = readJsonCalls(text, first, text.length, { strict: true, until: MARKERS });
        findings = read.findings;
        bodyEnd = skipSpace(text, read.end);
      } else {
        const next = nextOpen(bodyStart);
        let close = nextClose(bodyStart);
        if (next !== -1 && close > next) close = -1;
        bodyEnd = close !== -1 ? close : next !== -1 ? next : text.length;
        findings = text.startsWith(FUNCTION, first)
          ? [readFunctionBody(text, first, bodyEnd, searches)]
          : readJsonCalls(text, bodyStart, bodyEnd, { strict: true }).findings;
      }
      const end = text.startsWith(CLOSE, bodyEnd) ? bodyEnd + CLOSE.length : bodyEnd;
      if (findings.length === 0) findings.push({ offset: open, issue: 'empty <tool_call> tag' });
      emitClaimed(reader, open, end, findings);
      open = nextOpen(end);
    }
  },
};

/** Searches shared by every `<function=...>` body of one text, so none rescans the rest of it. */
interface FunctionSearches {
  readonly tagEnd: (from: number) => number;
  readonly parameterClose: (from: number) => number;
}

function readFunctionBody(
  text: string,
  start: number,
  end: number,
  searches: FunctionSearches,
): Finding {
  const nameEnd = searches.tagEnd(start);
  if (nameEnd === -1 || nameEnd > end)
    return { offset: start, issue: 'unterminated <function=...> tag' };
  const name = text.slice(start + FUNCTION.length, nameEnd).trim();
  const args: Record<string, unknown> = {};
  const argumentText: Record<string, string> = {};
  let at = skipSpace(text, nameEnd + 1, end);
  while (!text.startsWith(FUNCTION_CLOSE, at)) {
    PARAMETER.lastIndex = at;
    const parameter = at < end ? PARAMETER.exec(text) : null;
    if (!parameter) {
      const problem =
        at >= end
          ? 'unclosed <function=...> (output cut off?)'
          : 'expected <parameter=...> or </function>';
      return { offset: at, issue: problem, tool: name };
    }
    const key = (parameter[1] as string).trim();
    const valueStart = PARAMETER.lastIndex;
    const valueEnd = searches.parameterClose(valueStart);
    if (valueEnd === -1 || valueEnd > end)
      return { offset: at, issue: `unclosed <parameter=${key}>`, tool: name };
    // The template puts each value on its own lines: one newline either side is layout.
    const raw = text.slice(valueStart, valueEnd).replace(/^\n/, '').replace(/\n$/, '');
    args[key] = typedValue(raw);
    argumentText[key] = raw;
    at = skipSpace(text, valueEnd + PARAMETER_CLOSE.length, end);
  }
  return { offset: start, call: { name, arguments: args, ...textExtra(argumentText) } };
}
