import type { ToolCallDialect } from '../../contracts/dialect/v1/tool-call-dialect-v1.js';
import { forwardSearch } from '../forward-search.js';
import { emitClaimed, type Finding, skipSpace } from '../json-calls.js';
import { scanJsonExtent } from '../json-extent.js';
import { ATTRIBUTE_PAIR, readAttributes } from '../xml-attributes.js';

const TAG = new RegExp(String.raw`<tool((?:${ATTRIBUTE_PAIR})+)\s*(/?)>`, 'g');
const START = /<tool\s+name\s*=/g;
const CLOSE = '</tool>';

/**
 * A single-tag XML form: `<tool name="search" args='{"q": "x"}'/>`; `<tool name="t">{...}</tool>`
 * with the JSON arguments as the body is read too. A `<tool` start that never forms a complete
 * tag is an issue.
 */
export const xmlToolDialect: ToolCallDialect = {
  specificationVersion: 'v1',
  name: 'xml-tool',
  // Not plain '<tool', which every '<tool_call>' text contains.
  markers: ['<tool ', '<tool\n', '<tool\t'],
  readText(text, reader) {
    TAG.lastIndex = 0;
    const nextClose = forwardSearch(text, CLOSE);
    let readUpTo = 0;
    const broken: number[] = [];
    for (let tag = TAG.exec(text); tag !== null; tag = TAG.exec(text)) {
      collectBroken(text, readUpTo, tag.index, broken);
      const attributes = readAttributes(tag[1] ?? '');
      const name = attributes.get('name');
      const selfClosing = tag[2] === '/';
      const bodyStart = tag.index + tag[0].length;
      const close = selfClosing ? -1 : closeOf(text, bodyStart, nextClose);
      const end = close === -1 ? bodyStart : close + CLOSE.length;
      TAG.lastIndex = end;
      readUpTo = end;
      emitClaimed(reader, tag.index, end, [
        read(
          name,
          attributes.get('args') ?? attributes.get('arguments'),
          selfClosing ? '' : close === -1 ? undefined : text.slice(bodyStart, close),
          tag.index,
        ),
      ]);
    }
    collectBroken(text, readUpTo, text.length, broken);
    for (const offset of broken) {
      if (reader.claim(offset, offset + 5))
        reader.issue('malformed or unterminated <tool ...> tag', offset);
    }
  },
};

/**
 * Where the `</tool>` of a body starting at `from` is, or -1. A JSON body is read to its own end
 * first, so a `</tool>` inside one of its strings is text.
 */
function closeOf(text: string, from: number, nextClose: (from: number) => number): number {
  const first = skipSpace(text, from);
  if (text[first] === '{') {
    const extent = scanJsonExtent(text, first);
    const after = skipSpace(text, extent.end);
    if (extent.complete && text.startsWith(CLOSE, after)) return after;
  }
  return nextClose(from);
}

function read(
  name: string | undefined,
  args: string | undefined,
  body: string | undefined,
  offset: number,
): Finding {
  if (name === undefined) return { offset, issue: '<tool> tag without a name attribute' };
  if (body === undefined)
    return { offset, issue: 'unclosed <tool> tag: expected /> or </tool>', tool: name };
  return { offset, call: { name, arguments: args ?? body } };
}

function collectBroken(text: string, from: number, to: number, into: number[]): void {
  START.lastIndex = from;
  for (let start = START.exec(text); start !== null && start.index < to; start = START.exec(text)) {
    into.push(start.index);
  }
}
