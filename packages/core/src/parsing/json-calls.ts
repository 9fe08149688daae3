import type { RawToolCall, TextReader } from '../contracts/dialect/v1/tool-call-dialect-v1.js';
import { isRecord, readCallShape } from './call-shape.js';
import { type JsonExtent, scanJsonExtent } from './json-extent.js';

/** A call or a problem found in a text region, with its offset; emitted only once claimed. */
export type Finding =
  | { readonly offset: number; readonly call: RawToolCall }
  | { readonly offset: number; readonly issue: string; readonly tool?: string };

export interface JsonCallsOptions {
  /**
   * Inside a tag that announces a call (`<tool_call>`, `[TOOL_CALLS]`) anything that is not a
   * call is an issue. In a code fence it is just data: only text that plainly tries to be a
   * call (a quoted `"name":` key) gives an issue.
   */
  readonly strict: boolean;
  /** Characters allowed between consecutive values (always whitespace, plus these). */
  readonly separators?: string;
  /** Read one value and stop, leaving whatever follows it to the caller. */
  readonly single?: boolean;
  /** Markers (a closing tag...) where the values end: reading stops there, without an issue. */
  readonly until?: readonly string[];
}

export interface JsonCalls {
  readonly findings: Finding[];
  /** Index just past the last value read. */
  readonly end: number;
}

const NAME_KEY = /"(?:name|tool|function)"\s*:/;
const NAME_VALUE = /"(?:name|tool|function)"\s*:\s*"((?:[^"\\]|\\.)*)"/;

/** True when JSON-ish text has a quoted name key, i.e. it was meant as a call. */
export function looksLikeCall(text: string): boolean {
  return NAME_KEY.test(text);
}

/** The tool name in broken JSON, when a `"name": "..."` pair survived. */
export function nameIn(text: string): string | undefined {
  const match = NAME_VALUE.exec(text);
  if (!match) return undefined;
  try {
    return JSON.parse(`"${match[1]}"`) as string;
  } catch {
    return match[1];
  }
}

export function isJsonSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

export function skipSpace(text: string, from: number, to = text.length): number {
  let i = from;
  while (i < to && isJsonSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Reads the JSON objects/arrays of calls in `text[from, to)`, one after another. */
export function readJsonCalls(
  text: string,
  from: number,
  to: number,
  options: JsonCallsOptions,
): JsonCalls {
  const findings: Finding[] = [];
  const separators = options.separators ?? '';
  let i = skipSpace(text, from, to);
  while (i < to) {
    const c = text[i];
    if (options.until?.some((marker) => text.startsWith(marker, i))) return { findings, end: i };
    if (c !== '{' && c !== '[') {
      if (options.strict) {
        findings.push({
          offset: i,
          issue: `expected a JSON tool call, found ${snippetAt(text, i, to)}`,
        });
      }
      return { findings, end: i };
    }
    const extent = scanJsonExtent(text, i, to);
    const body = text.slice(i, extent.end);
    if (!extent.complete) {
      if (options.strict || looksLikeCall(body)) {
        findings.push({ offset: i, issue: unclosed(text, extent), tool: nameIn(body) });
      }
      return { findings, end: extent.end };
    }
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (error) {
      if (options.strict || looksLikeCall(body)) {
        findings.push({
          offset: i,
          issue: `invalid JSON (${(error as Error).message})`,
          tool: nameIn(body),
        });
      }
      return { findings, end: extent.end };
    }
    findings.push(...callsInJson(value, i, options.strict));
    if (options.single) return { findings, end: extent.end };
    i = skipSpace(text, extent.end, to);
    while (i < to && separators.includes(text[i] as string)) i = skipSpace(text, i + 1, to);
  }
  return { findings, end: i };
}

/** The calls in one parsed JSON value (an object or an array of them) found at `offset`. */
export function callsInJson(value: unknown, offset: number, strict: boolean): Finding[] {
  const items = Array.isArray(value) ? value : [value];
  const calls = items.map((item) => readCallShape(item, !strict));
  if (!strict && !calls.some(Boolean)) return [];
  return calls.map((call, index): Finding => {
    if (call) return { offset, call };
    const what = Array.isArray(value) ? `array element ${index}` : 'JSON value';
    const shape = isRecord(items[index]) ? 'an object without a tool name' : 'not an object';
    return { offset, issue: `${what} is not a tool call (${shape})` };
  });
}

/**
 * Why a value did not close: cut off (the text or a tag follows) or a stray character.
 * `what` names the value ('JSON', 'JSON arguments').
 */
export function unclosed(text: string, extent: JsonExtent, what = 'JSON'): string {
  const c = text[extent.end];
  // A tag or a fence right after the value: the output was cut off before the value closed.
  if (!extent.stray || c === '<' || c === '`') {
    return what === 'JSON' ? 'truncated JSON: the value never closes' : `truncated ${what}`;
  }
  return `invalid ${what}: unexpected ${JSON.stringify(c)} outside a string at offset ${extent.end}`;
}

function snippetAt(text: string, at: number, to: number): string {
  const piece = text.slice(at, Math.min(to, at + 30));
  return JSON.stringify(piece.length < to - at ? `${piece}…` : piece);
}

/**
 * Claims `[start, end)` and emits what was found there. Nothing is claimed when nothing was
 * found, so a code fence of plain data stays open to lower-precedence dialects.
 */
export function emitClaimed(
  reader: TextReader,
  start: number,
  end: number,
  findings: readonly Finding[],
): boolean {
  if (findings.length === 0 || !reader.claim(start, end)) return false;
  for (const finding of findings) {
    if ('call' in finding) reader.call(finding.call, finding.offset);
    else reader.issue(finding.issue, finding.offset, finding.tool);
  }
  return true;
}
