import { forwardSearch } from '../forward-search.js';
import { type Finding, skipSpace } from '../json-calls.js';
import type { ToolCallDialect } from '../tool-call-dialect.js';
import { typedValue } from '../typed-value.js';
import { ATTRIBUTE_PAIR, readAttributes } from '../xml-attributes.js';

const INVOKE = new RegExp(
  String.raw`<(?:([A-Za-z][\w-]*):)?invoke((?:${ATTRIBUTE_PAIR})*)\s*>`,
  'g',
);
const PARAMETER = new RegExp(
  String.raw`<(?:[A-Za-z][\w-]*:)?parameter((?:${ATTRIBUTE_PAIR})*)\s*>`,
  'y',
);
const BLOCK = /<(?:[A-Za-z][\w-]*:)?function_calls\s*>/;

/**
 * Anthropic-style XML in text:
 * `<function_calls><invoke name="t"><parameter name="p">value</parameter></invoke></function_calls>`
 * (tags may carry a namespace prefix). Parameter values that are valid JSON become typed values
 * (`3`, `true`, `{"a":1}`), anything else is the string as written.
 */
export const anthropicXmlDialect: ToolCallDialect = {
  name: 'anthropic-xml',
  markers: ['invoke', 'function_calls'],
  readText(text, reader) {
    let invokes = 0;
    const nextEndTag = forwardSearch(text, '</');
    INVOKE.lastIndex = 0;
    for (let open = INVOKE.exec(text); open !== null; open = INVOKE.exec(text)) {
      invokes++;
      const prefix = open[1] ? `${open[1]}:` : '';
      const name = readAttributes(open[2] ?? '').get('name');
      const bodyStart = open.index + open[0].length;
      const closeTag = `</${prefix}invoke>`;
      const close = text.indexOf(closeTag, bodyStart);
      const end = close === -1 ? text.length : close + closeTag.length;
      INVOKE.lastIndex = end;
      if (!reader.claim(open.index, end)) continue;
      for (const finding of readInvoke(
        text,
        open.index,
        bodyStart,
        close,
        prefix,
        name,
        nextEndTag,
      )) {
        if ('call' in finding) reader.call(finding.call, finding.offset);
        else reader.issue(finding.issue, finding.offset, finding.tool);
      }
    }
    const block = invokes === 0 ? BLOCK.exec(text) : null;
    if (block && reader.claim(block.index, block.index + block[0].length)) {
      reader.issue('<function_calls> block without any <invoke>', block.index);
    }
  },
};

function readInvoke(
  text: string,
  start: number,
  bodyStart: number,
  close: number,
  prefix: string,
  name: string | undefined,
  nextEndTag: (from: number) => number,
): Finding[] {
  if (name === undefined) return [{ offset: start, issue: '<invoke> without a name attribute' }];
  if (close === -1)
    return [{ offset: start, issue: 'unclosed <invoke> tag (output cut off?)', tool: name }];
  const args: Record<string, unknown> = {};
  const parameterClose = `</${prefix}parameter>`;
  let at = skipSpace(text, bodyStart, close);
  while (at < close) {
    PARAMETER.lastIndex = at;
    const open = PARAMETER.exec(text);
    const parameter = open ? readAttributes(open[1] ?? '').get('name') : undefined;
    if (!open || parameter === undefined) {
      return [{ offset: at, issue: 'expected <parameter name="..."> inside <invoke>', tool: name }];
    }
    const valueStart = at + open[0].length;
    // End tags are looked up in one forward pass over the text (the prefix varies per invoke),
    // so a parameter that never closes costs the rest of its invoke, not the rest of the text.
    let valueEnd = nextEndTag(valueStart);
    while (valueEnd !== -1 && valueEnd < close && !text.startsWith(parameterClose, valueEnd)) {
      valueEnd = nextEndTag(valueEnd + 2);
    }
    if (valueEnd === -1 || valueEnd >= close) {
      return [{ offset: at, issue: `unclosed <parameter name="${parameter}">`, tool: name }];
    }
    args[parameter] = typedValue(text.slice(valueStart, valueEnd));
    at = skipSpace(text, valueEnd + parameterClose.length, close);
  }
  return [{ offset: start, call: { name, arguments: args } }];
}
