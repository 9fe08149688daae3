import type { RawToolCall } from '../contracts/dialect/v1/tool-call-dialect-v1.js';
import type { ToolCall } from '../contracts/tool-call.js';
import { decodeArguments, decodeName } from './call-shape.js';

/** A call whose name and arguments were checked, in order of appearance, before ids. */
export interface PendingCall {
  id: string | undefined;
  readonly tool: string;
  readonly arguments: Record<string, unknown>;
  readonly dialect: string;
  readonly extra: RawToolCall['extra'];
}

/** Why a raw call could not become a call. */
export interface CallProblem {
  readonly message: string;
  readonly tool?: string | undefined;
}

/**
 * Checks and decodes a dialect's raw call. `handedIn`: the arguments came as an object from the
 * caller (not parsed from text), so they may hold what JSON cannot carry.
 */
export function toPendingCall(
  raw: RawToolCall,
  dialect: string,
  handedIn: boolean,
): { readonly call: PendingCall } | CallProblem {
  const name = decodeName(raw.name);
  if (!name.ok) return { message: name.message };
  const args = decodeArguments(raw.arguments);
  if (!args.ok) return { message: args.message, tool: name.value };
  if (handedIn && typeof raw.arguments === 'object' && raw.arguments !== null) {
    // Objects handed in (not parsed from text) may hold cycles or BigInts that would break
    // every later stage that serialises arguments (cache keys, guards, logs).
    try {
      JSON.stringify(args.value);
    } catch (error) {
      const message = `arguments cannot be serialised as JSON (${(error as Error).message})`;
      return { message, tool: name.value };
    }
  }
  const id = typeof raw.id === 'string' && raw.id !== '' ? raw.id : undefined;
  return { call: { id, tool: name.value, arguments: args.value, dialect, extra: raw.extra } };
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
  return pending.map((call) => toToolCall(call, call.id ?? ids.next('call_', 1)));
}

/**
 * Ids for calls that arrive one at a time (a stream): a provider id is kept unless already
 * used (then `_2`, `_3`, ...), a call without one gets the next free `call_<n>`. Unlike
 * finalizeCalls it cannot reserve provider ids that have not arrived yet, so a later provider
 * id equal to a generated one gets the suffix.
 */
export class StreamCallIds {
  private readonly ids: FreeIds;

  constructor() {
    this.ids = new FreeIds();
  }

  assign(call: PendingCall): ToolCall {
    const { id } = call;
    if (id === undefined) return toToolCall(call, this.ids.next('call_', 1));
    return toToolCall(call, this.ids.has(id) ? this.ids.next(`${id}_`, 2) : this.ids.take(id));
  }
}

function toToolCall(call: PendingCall, id: string): ToolCall {
  const base = { id, tool: call.tool, arguments: call.arguments, dialect: call.dialect };
  if (call.extra === undefined) return base;
  // Object.assign, not a spread: spreading the extra fields into a new literal took V8's slow
  // path (~5 µs per call with `argumentText`, 100× the assign). The call's own fields win, set
  // again after the extra ones.
  Object.assign(base, call.extra);
  base.id = id;
  base.tool = call.tool;
  base.arguments = call.arguments;
  base.dialect = call.dialect;
  return base;
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
