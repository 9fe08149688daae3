import { forwardSearch } from '../forward-search.js';
import { emitClaimed, type Finding, skipSpace } from '../json-calls.js';
import { scanJsonExtent } from '../json-extent.js';
import type { ToolCallDialect } from '../tool-call-dialect.js';

const BEGIN = '<｜tool▁call▁begin｜>';
const END = '<｜tool▁call▁end｜>';
const SEPARATOR = '<｜tool▁sep｜>';

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
      const next = nextBegin(bodyStart);
      let close = nextEnd(bodyStart);
      if (next !== -1 && close > next) close = -1;
      const bodyEnd = close !== -1 ? close : next !== -1 ? next : text.length;
      const end = close !== -1 ? close + END.length : bodyEnd;
      emitClaimed(reader, begin, end, [readCall(text, begin, bodyStart, bodyEnd, searches)]);
      begin = next;
    }
  },
};

function readCall(
  text: string,
  begin: number,
  start: number,
  end: number,
  searches: Searches,
): Finding {
  const separator = searches.separator(start);
  if (separator === -1 || separator >= end) {
    return { offset: begin, issue: 'tool call without <｜tool▁sep｜> (output cut off?)' };
  }
  const head = text.slice(start, separator).trim();
  const afterSeparator = separator + SEPARATOR.length;
  const first = skipSpace(text, afterSeparator, end);
  if (text[first] === '{') return withArguments(text, head, first, end, begin);
  // V3: the head is the call type, the name is the line after the separator, then a fence.
  const lineEnd = searches.newline(afterSeparator);
  const name = text.slice(afterSeparator, lineEnd === -1 || lineEnd > end ? end : lineEnd).trim();
  const brace = searches.brace(afterSeparator);
  if (brace === -1 || brace >= end) {
    return { offset: begin, issue: 'no JSON arguments after the tool name', tool: name };
  }
  return withArguments(text, name, brace, end, begin);
}

function withArguments(
  text: string,
  name: string,
  from: number,
  end: number,
  begin: number,
): Finding {
  const extent = scanJsonExtent(text, from, end);
  if (!extent.complete) return { offset: from, issue: 'truncated JSON arguments', tool: name };
  // Invalid JSON inside is reported by the argument decoder, with the tool name.
  return { offset: begin, call: { name, arguments: text.slice(from, extent.end) } };
}
