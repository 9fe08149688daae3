import type {
  TextReader,
  ToolCallDialect,
  ValueReader,
} from '../contracts/dialect/v1/tool-call-dialect-v1.js';
import { describe, excerpt, isRecord } from './call-shape.js';
import { ClaimedRegions } from './claimed-regions.js';
import { defaultDialects } from './default-dialects.js';
import { type PendingCall, toPendingCall } from './finalize-calls.js';
import type { ParseIssue } from './parse-issue.js';
import { streamEventKind } from './stream-events.js';
import { LowestProblems } from './text-problems.js';

export interface ParseOptions {
  /** Dialects to try, earliest first. Default: `defaultDialects`. */
  readonly dialects?: readonly ToolCallDialect[];
  /** Longer texts are not scanned and give one issue instead. Default 1,000,000 characters. */
  readonly maxTextLength?: number;
  /** Issues reported in full; the rest are counted in one final issue. Default 100. */
  readonly maxIssues?: number;
}

export const DEFAULT_MAX_TEXT_LENGTH = 1_000_000;
export const DEFAULT_MAX_ISSUES = 100;
/** Deeper nesting than any provider response has; stops hostile or cyclic structures early. */
const MAX_DEPTH = 32;

/**
 * Reads one input (text, a provider response, calls, or an array of them) without assigning
 * ids. Never throws: whatever cannot be read becomes an issue saying what and where.
 */
export function readInput(
  input: unknown,
  options: ParseOptions | undefined,
): { readonly calls: PendingCall[]; readonly issues: ParseIssue[] } {
  const parser = createParser(options);
  try {
    parser.top(input);
  } catch (error) {
    // Proxies and getters can throw anywhere; report it rather than let it escape.
    const reason = error instanceof Error ? error.message : String(error);
    parser.issue('parser', `input could not be read: ${reason}`, {});
    return { calls: [], issues: parser.reportedIssues() };
  }
  return { calls: parser.calls, issues: parser.reportedIssues() };
}

function createParser(options: ParseOptions | undefined): Parser {
  return new Parser(
    options?.dialects ?? defaultDialects,
    options?.maxTextLength ?? DEFAULT_MAX_TEXT_LENGTH,
    options?.maxIssues ?? DEFAULT_MAX_ISSUES,
  );
}

/** A call found in a text and the end (exclusive; -1 if unknown) of the region its dialect claimed. */
export interface TextCallSpan {
  readonly offset: number;
  readonly end: number;
  readonly call: PendingCall;
}

/**
 * For streamed text: the calls in `text` (without ids) with their spans, and the issues
 * (offsets into `text`), so an assembler can tell which calls are complete.
 */
export function scanText(
  text: string,
  options: ParseOptions | undefined,
): { readonly calls: TextCallSpan[]; readonly issues: ParseIssue[] } {
  const parser = createParser(options);
  const calls: TextCallSpan[] = [];
  parser.spans = calls;
  parser.parseText(text, undefined);
  return { calls, issues: parser.reportedIssues() };
}

interface PendingText {
  readonly text: string;
  readonly path: string;
}

interface FoundCall {
  readonly offset: number;
  readonly call: PendingCall;
}

/** Dialect lists split by capability once per list, not once per parse. */
const splitCache = new WeakMap<
  readonly ToolCallDialect[],
  readonly [ToolCallDialect[], ToolCallDialect[]]
>();

function split(
  dialects: readonly ToolCallDialect[],
): readonly [ToolCallDialect[], ToolCallDialect[]] {
  let cached = splitCache.get(dialects);
  if (cached === undefined) {
    cached = [
      dialects.filter((dialect) => dialect.readValue),
      dialects.filter((dialect) => dialect.readText),
    ];
    splitCache.set(dialects, cached);
  }
  return cached;
}

// Fields are assigned in the constructor rather than declared with initializers: V8 (Node 20)
// defines initialised class fields markedly slower, and a Parser is built on every process().
class Parser {
  readonly calls: PendingCall[];
  readonly issues: ParseIssue[];
  private readonly valueDialects: ToolCallDialect[];
  private readonly textDialects: ToolCallDialect[];
  private readonly maxTextLength: number;
  private readonly maxIssues: number;
  /** Issues past `maxIssues`, counted rather than built: garbage input can hold thousands. */
  private unreported: number;
  private readonly ancestors: Set<object>;
  private readonly texts: PendingText[];
  private structured: boolean;
  /** Streaming events met, by kind: how many and where the first was. */
  private readonly streamEvents: Map<string, { count: number; path: string }>;
  /** Set by scanText: text calls are collected here with their spans instead of in `calls`. */
  spans: TextCallSpan[] | undefined;

  constructor(dialects: readonly ToolCallDialect[], maxTextLength: number, maxIssues: number) {
    [this.valueDialects, this.textDialects] = split(dialects);
    this.maxTextLength = maxTextLength;
    this.maxIssues = maxIssues;
    this.unreported = 0;
    this.calls = [];
    this.issues = [];
    this.ancestors = new Set();
    this.texts = [];
    this.structured = false;
    this.streamEvents = new Map();
    this.spans = undefined;
  }

  top(input: unknown): void {
    if (typeof input === 'string') {
      this.parseText(input, undefined);
      return;
    }
    this.walk(input, '$', true, 0);
    for (const [kind, { count, path }] of this.streamEvents) {
      const what = count === 1 ? 'a streaming event' : `${count} streaming events`;
      const message = `input is ${what} (${kind}), not a complete response: pass all of the stream's events (a list, or parseToolCallStream)`;
      this.issue('input', message, { path });
    }
    // Prose beside structured calls is commentary; only a response without any is searched.
    if (!this.structured) for (const { text, path } of this.texts) this.parseText(text, path);
  }

  private walk(value: unknown, path: string, strict: boolean, depth: number): void {
    if (typeof value === 'string') {
      this.texts.push({ text: value, path });
      return;
    }
    if (typeof value !== 'object' || value === null) {
      if (strict)
        this.issue(
          'input',
          `expected text, a provider response or tool calls, got ${describe(value)}`,
          { path },
        );
      return;
    }
    if (this.ancestors.has(value)) {
      this.issue('input', 'circular reference', { path });
      return;
    }
    if (depth > MAX_DEPTH) {
      this.issue('input', `nested deeper than ${MAX_DEPTH} levels`, { path });
      return;
    }
    this.ancestors.add(value);
    try {
      if (Array.isArray(value)) {
        value.forEach((item, index) => {
          // A typed item no dialect knows (a thinking block, a reasoning item) is provider
          // output of another kind, not a failed call.
          const typed = isRecord(item) && typeof item.type === 'string';
          this.walk(item, `${path}[${index}]`, strict && !typed, depth + 1);
        });
      } else if (
        // A streaming event is counted and reported once per kind at the end.
        !this.streamEvent(value as Record<string, unknown>, path) &&
        !this.readValue(value as Record<string, unknown>, path, depth) &&
        strict
      ) {
        const keys = Object.keys(value).slice(0, 8).join(', ');
        this.issue(
          'input',
          `object is not a tool call or a known provider response (keys: ${keys || 'none'})`,
          { path },
        );
      }
    } finally {
      this.ancestors.delete(value);
    }
  }

  private streamEvent(value: Record<string, unknown>, path: string): boolean {
    const kind = streamEventKind(value);
    if (kind === undefined) return false;
    const seen = this.streamEvents.get(kind);
    if (seen) seen.count++;
    else this.streamEvents.set(kind, { count: 1, path });
    return true;
  }

  private readValue(value: Record<string, unknown>, path: string, depth: number): boolean {
    let dialect = '';
    const reader: ValueReader = {
      call: (raw, at = '') => {
        this.structured = true;
        const found = toPendingCall(raw, dialect, true);
        if ('call' in found) this.calls.push(found.call);
        else this.issue(dialect, found.message, { path: path + at, tool: found.tool });
      },
      issue: (message, at = '', tool) => {
        this.structured = true;
        this.issue(dialect, message, { path: path + at, tool });
      },
      value: (child, at) => this.walk(child, path + at, false, depth + 1),
      text: (text, at) => this.texts.push({ text, path: path + at }),
    };
    for (const candidate of this.valueDialects) {
      dialect = candidate.name;
      if (candidate.readValue?.(value, reader)) return true;
    }
    return false;
  }

  parseText(text: string, path: string | undefined): void {
    if (text.length > this.maxTextLength) {
      this.issue(
        'input',
        `text is ${text.length} characters, over the ${this.maxTextLength} limit; not scanned`,
        { path },
      );
      return;
    }
    const regions = new ClaimedRegions();
    const calls: FoundCall[] = [];
    const problems = new LowestProblems(Math.max(0, this.maxIssues - this.issues.length));
    let dialect = '';
    const reader: TextReader = {
      claimedEnd: (offset) => regions.endAt(offset),
      claim: (start, end) => regions.claim(start, end),
      call: (raw, offset) => {
        const read = toPendingCall(raw, dialect, false);
        if ('call' in read) calls.push({ offset, call: read.call });
        else problems.add({ offset, dialect, message: read.message, tool: read.tool });
      },
      issue: (message, offset, tool) => problems.add({ offset, dialect, message, tool }),
    };
    for (const candidate of this.textDialects) {
      if (candidate.markers && !candidate.markers.some((marker) => text.includes(marker))) continue;
      dialect = candidate.name;
      candidate.readText?.(text, reader);
      regions.seal();
    }
    calls.sort((a, b) => a.offset - b.offset);
    if (this.spans) {
      for (const { offset, call } of calls)
        this.spans.push({ offset, end: regions.endAt(offset), call });
    } else {
      for (const { call } of calls) this.calls.push(call);
    }
    for (const { offset, dialect, message, tool } of problems.sorted()) {
      this.issue(dialect, message, {
        path,
        offset,
        tool,
        snippet: () => excerpt(text.slice(offset, offset + 80)),
      });
    }
    this.unreported += problems.dropped;
  }

  issue(dialect: string, message: string, where: IssuePlace): void {
    if (this.issues.length >= this.maxIssues) {
      this.unreported++;
      return;
    }
    const issue: { -readonly [K in keyof ParseIssue]: ParseIssue[K] } = {
      code: 'PARSER_ERROR',
      dialect,
      message,
    };
    if (where.tool !== undefined) issue.tool = where.tool;
    if (where.path !== undefined) issue.path = where.path;
    if (where.offset !== undefined) issue.offset = where.offset;
    if (where.snippet !== undefined) issue.snippet = where.snippet();
    this.issues.push(issue);
  }

  /** The issues found, the ones past `maxIssues` counted in one final issue. */
  reportedIssues(): ParseIssue[] {
    if (this.unreported === 0) return this.issues;
    return [
      ...this.issues,
      {
        code: 'PARSER_ERROR',
        dialect: 'parser',
        message: `${this.unreported} more issues not reported (limit ${this.maxIssues})`,
      },
    ];
  }
}

interface IssuePlace {
  readonly path?: string | undefined;
  readonly tool?: string | undefined;
  readonly offset?: number | undefined;
  /** Computed only for an issue that is reported. */
  readonly snippet?: () => string;
}
