import { excerpt } from '../call-shape.js';
import { type PendingCall, toPendingCall } from '../finalize-calls.js';
import type { ParseIssue } from '../parse-issue.js';
import { JsonCompletion } from './json-completion.js';

export interface CallSink {
  call(call: PendingCall): void;
  issue(issue: ParseIssue): void;
}

interface Partial {
  readonly dialect: string;
  id: unknown;
  name: unknown;
  args: string;
  /** Arguments given whole (a provider's `input` object) rather than streamed. */
  given: unknown;
  readonly json: JsonCompletion;
  done: boolean;
}

/**
 * Calls whose arguments arrive in pieces, by a provider-specific key (block or item index). A
 * call is emitted once: when its arguments form a complete JSON object, when the provider says
 * it is done, or — with an issue — when the stream ends first.
 */
export class PartialCalls {
  private readonly open: Map<string, Partial>;

  constructor(private readonly sink: CallSink) {
    this.open = new Map();
  }

  start(key: string, dialect: string, id: unknown, name: unknown, given?: unknown): void {
    const json = new JsonCompletion();
    this.open.set(key, { dialect, id, name, args: '', given, json, done: false });
  }

  /** Whether a call was started under `key` (finished or not). */
  has(key: string): boolean {
    return this.open.has(key);
  }

  /** Fills in an id or name that arrives after the start (OpenAI sends them in the first delta). */
  name(key: string, id: unknown, name: unknown): void {
    const partial = this.open.get(key);
    if (!partial) return;
    if (partial.id === undefined && id !== undefined) partial.id = id;
    if (partial.name === undefined && name !== undefined) partial.name = name;
  }

  append(key: string, piece: unknown): void {
    const partial = this.open.get(key);
    if (!partial || partial.done || typeof piece !== 'string' || piece === '') return;
    partial.args += piece;
    if (partial.json.feed(piece) && partial.name !== undefined) this.emit(partial, partial.args);
  }

  /** The provider says the call is complete; `args`, when given, is the whole argument text. */
  finish(key: string, args?: unknown): void {
    const partial = this.open.get(key);
    // Finished calls stay (done) so a provider's second "done" event for one is ignored.
    if (!partial || partial.done) return;
    const whole = typeof args === 'string' && args !== '' ? args : undefined;
    this.emit(partial, whole ?? (partial.args !== '' ? partial.args : partial.given));
  }

  /** Finishes every open call whose key starts with `prefix` (a choice that finished). */
  finishAll(prefix: string): void {
    for (const key of [...this.open.keys()]) if (key.startsWith(prefix)) this.finish(key);
  }

  /** The stream ended: a call still open was cut off mid-way. */
  end(): void {
    for (const partial of this.open.values()) {
      if (partial.done) continue;
      const tool = typeof partial.name === 'string' ? partial.name : undefined;
      this.sink.issue({
        code: 'PARSER_ERROR',
        dialect: partial.dialect,
        message: `the stream ended before the call${tool ? ` to "${tool}"` : ''} was complete${
          partial.args === '' ? '' : `: ${excerpt(partial.args)}`
        }`,
        ...(tool ? { tool } : {}),
      });
    }
    this.open.clear();
  }

  private emit(partial: Partial, args: unknown): void {
    partial.done = true;
    const raw = { id: partial.id, name: partial.name, arguments: args };
    const read = toPendingCall(raw, partial.dialect, typeof args === 'object');
    if ('call' in read) this.sink.call(read.call);
    else {
      this.sink.issue({
        code: 'PARSER_ERROR',
        dialect: partial.dialect,
        message: read.message,
        ...(read.tool ? { tool: read.tool } : {}),
      });
    }
  }
}
