import type { ToolCall } from '../contracts/tool-call.js';
import type { RawToolCall } from './tool-call-dialect.js';

/** A call whose name and arguments were checked, in order of appearance, before ids. */
export interface PendingCall {
  id: string | undefined;
  readonly tool: string;
  readonly arguments: Record<string, unknown>;
  readonly dialect: string;
  readonly extra: RawToolCall['extra'];
}

/**
 * Assigns ids; every call stays, identical ones included (each call in the input gets its own
 * result). Provider ids are kept, a repeated one gets a `_2`, `_3`, ... suffix so ids stay
 * unique; calls without one get `call_1`, `call_2`, ... in order, skipping ids already used.
 */
export function finalizeCalls(pending: readonly PendingCall[]): ToolCall[] {
  const ids = new FreeIds();
  for (const call of pending) {
    if (call.id === undefined) continue;
    call.id = ids.has(call.id) ? ids.next(`${call.id}_`, 2) : ids.take(call.id);
  }
  return pending.map((call) => ({
    ...call.extra,
    id: call.id ?? ids.next('call_', 1),
    tool: call.tool,
    arguments: call.arguments,
    dialect: call.dialect,
  }));
}

/**
 * Ids in use, handing out `${prefix}${n}` with the smallest free n. The search for a prefix
 * resumes where it last stopped (ids are only ever added), so a provider id repeated thousands
 * of times costs linear time, not one scan from 2 per repeat.
 */
class FreeIds {
  private readonly used: Set<string>;
  private readonly resume: Map<string, number>;

  constructor() {
    this.used = new Set();
    this.resume = new Map();
  }

  has(id: string): boolean {
    return this.used.has(id);
  }

  take(id: string): string {
    this.used.add(id);
    return id;
  }

  next(prefix: string, from: number): string {
    let n = this.resume.get(prefix) ?? from;
    while (this.used.has(`${prefix}${n}`)) n++;
    this.resume.set(prefix, n + 1);
    return this.take(`${prefix}${n}`);
  }
}
