import type { ToolCall } from '../contracts/tool-call.js';
import { canonicalJson } from '../util/canonical-json.js';
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
 * Drops identical duplicates and assigns ids. Two calls are duplicates when tool and canonical
 * arguments match, unless both carry different provider ids: a provider expects one answer per
 * id it issued. Provider ids are kept (a repeated one gets a `_2` suffix so ids stay unique);
 * calls without one get `call_1`, `call_2`, ... in order, skipping ids the input already uses.
 */
export function finalizeCalls(pending: readonly PendingCall[]): ToolCall[] {
  const kept: PendingCall[] = [];
  const byKey = new Map<string, PendingCall[]>();
  const mayRepeat = callsThatMayRepeat(pending);
  for (const call of pending) {
    // Canonical JSON (sorted keys) only where a duplicate is possible: it is the costly part.
    const key = mayRepeat.has(call) ? sameRequestKey(call) : `${call.tool}\u0001${call.id}`;
    const same = byKey.get(key);
    const duplicate = same?.find(
      (other) => other.id === undefined || call.id === undefined || other.id === call.id,
    );
    if (duplicate) {
      duplicate.id ??= call.id;
      continue;
    }
    if (same) same.push(call);
    else byKey.set(key, [call]);
    kept.push(call);
  }
  const used = new Set<string>();
  for (const call of kept) {
    if (call.id === undefined) continue;
    if (used.has(call.id)) call.id = freeId(used, `${call.id}_`, 2);
    used.add(call.id);
  }
  let next = 1;
  return kept.map((call) => {
    if (call.id === undefined) {
      call.id = freeId(used, 'call_', next);
      used.add(call.id);
      next = Number(call.id.slice('call_'.length)) + 1;
    }
    return {
      ...call.extra,
      id: call.id,
      tool: call.tool,
      arguments: call.arguments,
      dialect: call.dialect,
    };
  });
}

/**
 * Calls that could be the duplicate of another: same tool, and one of the two has no id or
 * both share an id. Every other call (the common case: provider ids, all distinct) skips the
 * canonical serialisation of its arguments.
 */
function callsThatMayRepeat(pending: readonly PendingCall[]): Set<PendingCall> {
  const withoutId = new Map<string, number>();
  const idUses = new Map<string, number>();
  const perTool = new Map<string, number>();
  for (const call of pending) {
    perTool.set(call.tool, (perTool.get(call.tool) ?? 0) + 1);
    if (call.id === undefined) withoutId.set(call.tool, (withoutId.get(call.tool) ?? 0) + 1);
    else {
      const key = `${call.tool}\u0001${call.id}`;
      idUses.set(key, (idUses.get(key) ?? 0) + 1);
    }
  }
  const mayRepeat = new Set<PendingCall>();
  for (const call of pending) {
    if ((perTool.get(call.tool) as number) < 2) continue;
    if (
      call.id === undefined ||
      (withoutId.get(call.tool) ?? 0) > 0 ||
      (idUses.get(`${call.tool}\u0001${call.id}`) as number) > 1
    ) {
      mayRepeat.add(call);
    }
  }
  return mayRepeat;
}

function sameRequestKey(call: PendingCall): string {
  return `${call.tool}\u0000${canonicalJson(call.arguments)}`;
}

function freeId(used: ReadonlySet<string>, prefix: string, from: number): string {
  let n = from;
  while (used.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}
