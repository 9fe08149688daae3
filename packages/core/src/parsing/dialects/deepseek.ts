import type { ToolCallDialect } from '../../contracts/dialect/v1/tool-call-dialect-v1.js';
import { forwardSearch } from '../forward-search.js';
import { emitClaimed, type Finding, skipSpace, unclosed } from '../json-calls.js';
import { scanJsonExtent } from '../json-extent.js';

const BEGIN = '<｜tool▁call▁begin｜>';
const END = '<｜tool▁call▁end｜>';
const SEPARATOR = '<｜tool▁sep｜>';
const FENCE = '```';

/** Searches shared by every call of one text, so none of them rescans the rest of it. */
interface Searches {
  readonly separator: (from: number) => number;
  readonly newline: (from: number) => number;
  readonly brace: (from: number) => number;
}

/**
 * DeepSeek's special tokens. V3/R1: `<｜tool▁call▁begin｜>function<｜tool▁sep｜>name` then the
 * arguments in a ```json fence; V3.1: `<｜tool▁call▁begin｜>name<｜tool▁sep｜>{...}`; each call
 * ends with `<｜tool▁call▁end｜>` (the surrounding `tool▁calls▁begin/end` tokens carry nothing).
 */
export const deepseekDialect: ToolCallDialect = {
  specificationVersion: 'v1',
  name: 'deepseek',
  markers: [BEGIN],
  readText(text, reader) {
    const nextBegin = forwardSearch(text, BEGIN);
    const nextEnd = forwardSearch(text, END);
    const searches: Searches = {
      separator: forwardSearch(text, SEPARATOR),
      newline: forwardSearch(text, '\n'),
      brace: forwardSearch(text, '{'),
    };
    let begin = nextBegin(0);
    while (begin !== -1) {
      const bodyStart = begin + BEGIN.length;
      // The head (name, separator, fence) ends at the next marker; the JSON ends where it does.
      const next = nextBegin(bodyStart);
      const close = nextEnd(bodyStart);
      let headEnd = next === -1 ? text.length : next;
      if (close !== -1 && close < headEnd) headEnd = close;
      const read = readCall(text, begin, bodyStart, headEnd, searches);
      const end = afterCall(text, read.end);
      emitClaimed(reader, begin, end, [read.finding]);
      begin = nextBegin(end);
    }
  },
};

/** Just past the call's end token (and the fence before it) when they follow, else `at`. */
function afterCall(text: string, at: number): number {
  let cursor = skipSpace(text, at);
  if (text.startsWith(FENCE, cursor)) cursor = skipSpace(text, cursor + FENCE.length);
  return text.startsWith(END, cursor) ? cursor + END.length : at;
}

function readCall(
  text: string,
  begin: number,
  start: number,
  headEnd: number,
  searches: Searches,
): { finding: Finding; end: number } {
  const separator = searches.separator(start);
  if (separator === -1 || separator >= headEnd) {
    return {
      finding: { offset: begin, issue: 'tool call without <｜tool▁sep｜> (output cut off?)' },
      end: headEnd,
    };
  }
  const head = text.slice(start, separator).trim();
  const afterSeparator = separator + SEPARATOR.length;
  const first = skipSpace(text, afterSeparator, headEnd);
  if (text[first] === '{') return withArguments(text, head, first, begin);
  // V3: the head is the call type, the name is the line after the separator, then a fence.
  const lineEnd = searches.newline(afterSeparator);
  const name = text
    .slice(afterSeparator, lineEnd === -1 || lineEnd > headEnd ? headEnd : lineEnd)
    .trim();
  const brace = searches.brace(afterSeparator);
  if (brace === -1 || brace >= headEnd) {
    return {
      finding: { offset: begin, issue: 'no JSON arguments after the tool name', tool: name },
      end: headEnd,
    };
  }
  return withArguments(text, name, brace, begin);
}

/** The JSON arguments at `from`, read to their own end: markers inside strings are text. */
function withArguments(
  text: string,
  name: string,
  from: number,
  begin: number,
): { finding: Finding; end: number } {
  const extent = scanJsonExtent(text, from);
  if (!extent.complete) {
    const issue = unclosed(text, extent, 'JSON arguments');
    return { finding: { offset: from, issue, tool: name }, end: extent.end };
  }
  // Invalid JSON inside is reported by the argument decoder, with the tool name.
  const call = { name, arguments: text.slice(from, extent.end) };
  return { finding: { offset: begin, call }, end: extent.end };
}
