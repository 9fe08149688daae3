import type { ToolCallDialect } from '../../contracts/dialect/v1/tool-call-dialect-v1.js';
import { forwardSearch } from '../forward-search.js';
import { emitClaimed, type Finding, skipSpace, unclosed } from '../json-calls.js';
import { scanJsonExtent } from '../json-extent.js';

const START = '<|start|>';
const MESSAGE = '<|message|>';
const END_TOKENS = ['<|call|>', '<|end|>', '<|return|>'];
const RECIPIENT = /\bto=([^\s<]+)/;

/**
 * OpenAI gpt-oss "harmony": a message addressed to a tool,
 * `<|start|>assistant<|channel|>commentary to=functions.get_weather <|constrain|>json<|message|>{"city":"Paris"}<|call|>`
 * (`to=` may also stand before `<|channel|>`). The header names the tool (`functions.` is the
 * namespace of developer-defined functions and is dropped; built-ins such as `browser.search`
 * keep their name); the body is the JSON arguments, read string-aware. Messages without a
 * recipient are ordinary text.
 */
export const harmonyDialect: ToolCallDialect = {
  specificationVersion: 'v1',
  name: 'harmony',
  markers: [MESSAGE],
  readText(text, reader) {
    const nextMessage = forwardSearch(text, MESSAGE);
    const nextStart = forwardSearch(text, START);
    const ends = END_TOKENS.map((token) => forwardSearch(text, token));
    let headerFrom = 0;
    let start = nextStart(0);
    for (let message = nextMessage(0); message !== -1; ) {
      // The header is the text since the message's <|start|> (or since the previous message).
      while (start !== -1 && start < message) {
        headerFrom = Math.max(headerFrom, start);
        start = nextStart(start + 1);
      }
      const recipient = RECIPIENT.exec(text.slice(headerFrom, message));
      const bodyStart = message + MESSAGE.length;
      let next: number;
      if (recipient) {
        const name = (recipient[1] as string).replace(/^functions\./, '');
        const body = readBody(text, bodyStart, ends);
        emitClaimed(reader, headerFrom, body.claimEnd, [body.finding(name, headerFrom)]);
        next = body.claimEnd;
      } else {
        next = endOfBody(text, bodyStart, ends).claimEnd;
      }
      headerFrom = next;
      message = nextMessage(next);
    }
  },
};

interface Body {
  readonly claimEnd: number;
  finding(name: string, offset: number): Finding;
}

type EndSearch = ReadonlyArray<(from: number) => number>;

function readBody(text: string, from: number, ends: EndSearch): Body {
  const first = skipSpace(text, from);
  if (text[first] !== '{') {
    const end = endOfBody(text, from, ends);
    const body = text.slice(from, end.bodyEnd).trim();
    return {
      claimEnd: end.claimEnd,
      finding: (name, offset) => ({ offset, call: { name, arguments: body } }),
    };
  }
  const extent = scanJsonExtent(text, first);
  if (!extent.complete) {
    const claimEnd = endOfBody(text, from, ends).claimEnd;
    return {
      claimEnd,
      finding: (name, offset) => ({ offset, issue: unclosed(text, extent), tool: name }),
    };
  }
  const after = skipSpace(text, extent.end);
  const token = END_TOKENS.find((candidate) => text.startsWith(candidate, after));
  const args = text.slice(first, extent.end);
  return {
    claimEnd: token ? after + token.length : extent.end,
    finding: (name, offset) => ({ offset, call: { name, arguments: args } }),
  };
}

/** Where a body that is not JSON ends: at the first end token (included in the claim). */
function endOfBody(text: string, from: number, ends: EndSearch) {
  let bodyEnd = text.length;
  let claimEnd = text.length;
  ends.forEach((search, index) => {
    const at = search(from);
    if (at !== -1 && at < bodyEnd) {
      bodyEnd = at;
      claimEnd = at + (END_TOKENS[index] as string).length;
    }
  });
  return { bodyEnd, claimEnd };
}
