import type { ToolCallDialect } from '../../contracts/dialect/v1/tool-call-dialect-v1.js';
import { forwardSearch } from '../forward-search.js';
import { emitClaimed, type Finding, skipSpace } from '../json-calls.js';
import { jsonStringEnd, scanJsonExtent } from '../json-extent.js';
import { textExtra, typedValue } from '../typed-value.js';
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
  specificationVersion: 'v1',
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
      const { end, finding } = readInvoke(text, open.index, bodyStart, prefix, name, nextEndTag);
      INVOKE.lastIndex = end;
      emitClaimed(reader, open.index, end, [finding]);
    }
    const block = invokes === 0 ? BLOCK.exec(text) : null;
    if (block && reader.claim(block.index, block.index + block[0].length)) {
      reader.issue('<function_calls> block without any <invoke>', block.index);
    }
  },
};

/**
 * Reads the parameters of an invoke one after another and returns the call with the index just
 * past its `</invoke>`. A value written as JSON is read to its own end, so `</parameter>` or
 * `</invoke>` inside one of its strings is text; any other value ends at its `</parameter>`.
 */
function readInvoke(
  text: string,
  start: number,
  bodyStart: number,
  prefix: string,
  name: string | undefined,
  nextEndTag: (from: number) => number,
): { end: number; finding: Finding } {
  const closeTag = `</${prefix}invoke>`;
  const parameterClose = `</${prefix}parameter>`;
  const failed = (at: number, issue: string) => {
    // The invoke still ends at its closing tag, when there is one.
    const close = text.indexOf(closeTag, at);
    const end = close === -1 ? text.length : close + closeTag.length;
    return { end, finding: { offset: name === undefined ? start : at, issue, tool: name } };
  };
  if (name === undefined) {
    const found = failed(bodyStart, '<invoke> without a name attribute');
    return { end: found.end, finding: { offset: start, issue: found.finding.issue } };
  }
  const args: Record<string, unknown> = {};
  const argumentText: Record<string, string> = {};
  let at = skipSpace(text, bodyStart);
  while (!text.startsWith(closeTag, at)) {
    if (at >= text.length) return failed(start, 'unclosed <invoke> tag (output cut off?)');
    PARAMETER.lastIndex = at;
    const open = PARAMETER.exec(text);
    const parameter = open ? readAttributes(open[1] ?? '').get('name') : undefined;
    if (!open || parameter === undefined) {
      return failed(at, 'expected <parameter name="..."> inside <invoke>');
    }
    const valueStart = at + open[0].length;
    const valueEnd =
      jsonValueEnd(text, valueStart, parameterClose) ??
      rawValueEnd(text, valueStart, parameterClose, closeTag, nextEndTag);
    if (valueEnd === CUT_OFF) return failed(start, 'unclosed <invoke> tag (output cut off?)');
    if (valueEnd === -1) return failed(at, `unclosed <parameter name="${parameter}">`);
    const raw = text.slice(valueStart, valueEnd);
    args[parameter] = typedValue(raw);
    argumentText[parameter] = raw;
    at = skipSpace(text, valueEnd + parameterClose.length);
  }
  return {
    end: at + closeTag.length,
    finding: { offset: start, call: { name, arguments: args, ...textExtra(argumentText) } },
  };
}

/** End of a value written as JSON and followed by its closing tag; undefined otherwise. */
function jsonValueEnd(text: string, from: number, close: string): number | undefined {
  const first = skipSpace(text, from);
  const c = text[first];
  let end = -1;
  if (c === '"') end = jsonStringEnd(text, first);
  else if (c === '{' || c === '[') {
    const extent = scanJsonExtent(text, first);
    if (extent.complete) end = extent.end;
  }
  if (end === -1) return undefined;
  const after = skipSpace(text, end);
  return text.startsWith(close, after) ? after : undefined;
}

/** `rawValueEnd` when the text ends before the parameter and its invoke close. */
const CUT_OFF = -2;

/**
 * The first `</parameter>` from `from`; -1 when `</invoke>` comes first, CUT_OFF when the text
 * ends. End tags are visited in one forward pass over the text, so this stays linear.
 */
function rawValueEnd(
  text: string,
  from: number,
  close: string,
  invokeClose: string,
  nextEndTag: (from: number) => number,
): number {
  for (let at = nextEndTag(from); at !== -1; at = nextEndTag(at + 2)) {
    if (text.startsWith(close, at)) return at;
    if (text.startsWith(invokeClose, at)) return -1;
  }
  return CUT_OFF;
}
