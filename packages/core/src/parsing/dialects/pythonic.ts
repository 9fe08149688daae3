import type {
  RawToolCall,
  ToolCallDialect,
} from '../../contracts/dialect/v1/tool-call-dialect-v1.js';
import type { Finding } from '../json-calls.js';
import { emitClaimed } from '../json-calls.js';
import { readKeywordArguments, skipSpace } from '../python-syntax.js';

/** A list opening with a call, at the start of a line. */
const CANDIDATE = /(?:^|\n)[ \t]*\[[ \t\n\r]*[A-Za-z_][\w.-]*\(/g;
const NAME = /[A-Za-z_][\w.-]*/y;

/**
 * Llama 3.2's pythonic calls: `[get_weather(city="Paris"), add(a=1, b=2)]`, keyword arguments
 * with Python literal values (strings, numbers, True/False/None, lists, tuples, dicts). The list
 * must stand on its own line(s) — a bracketed `[see(below)]` inside a sentence is prose. A list
 * that starts like calls but cannot be read is an issue.
 */
export const pythonicDialect: ToolCallDialect = {
  specificationVersion: 'v1',
  name: 'pythonic',
  markers: ['('],
  readText(text, reader) {
    CANDIDATE.lastIndex = 0;
    for (let match = CANDIDATE.exec(text); match; match = CANDIDATE.exec(text)) {
      const open = text.indexOf('[', match.index);
      if (reader.claimedEnd(open) !== -1) continue;
      const read = readCallList(text, open);
      if ('calls' in read && endsLine(text, read.end)) {
        emitClaimed(
          reader,
          open,
          read.end,
          read.calls.map((call) => ({ offset: open, call })),
        );
        CANDIDATE.lastIndex = read.end;
      } else if ('error' in read && skipSpace(text, 0) === open) {
        // The whole message is meant as calls: say why it could not be read.
        const finding: Finding = { offset: open, issue: `pythonic call list: ${read.error}` };
        emitClaimed(reader, open, text.length, [finding]);
        return;
      }
    }
  },
};

type ListRead =
  | { readonly calls: RawToolCall[]; readonly end: number }
  | { readonly error: string };

function readCallList(text: string, open: number): ListRead {
  const calls: RawToolCall[] = [];
  let at = skipSpace(text, open + 1);
  for (;;) {
    NAME.lastIndex = at;
    const name = NAME.exec(text);
    if (!name || text[NAME.lastIndex] !== '(') return { error: `expected name(...) at ${at}` };
    const args = readKeywordArguments(text, NAME.lastIndex + 1);
    if ('error' in args) return { error: `${name[0]}: ${args.error}` };
    calls.push({ name: name[0], arguments: args.value });
    at = skipSpace(text, args.end);
    if (text[at] === ']') return { calls, end: at + 1 };
    if (text[at] !== ',') return { error: `expected ',' or ']' at ${at}` };
    at = skipSpace(text, at + 1);
    if (text[at] === ']') return { calls, end: at + 1 };
  }
}

/** Only blanks between `at` and the end of its line. */
function endsLine(text: string, at: number): boolean {
  while (text[at] === ' ' || text[at] === '\t' || text[at] === '\r') at++;
  return at === text.length || text[at] === '\n';
}
