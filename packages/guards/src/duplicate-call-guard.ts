import type { GuardV1, GuardVerdict, PlannedCall, ToolCall, ToolDefinition } from '@tp/core';
import { callSignature, hashValue } from './shared/call-signature.js';
import { ALLOW, type GuardBaseOptions, guardIdentity, oneOf } from './shared/guard-options.js';
import { RequestState } from './shared/request-state.js';

export type DuplicateCallScope = 'message' | 'request';

export interface DuplicateCallGuardOptions extends GuardBaseOptions {
  /**
   * Where a repeat is looked for: 'message' (default), among the calls of one `process()` input
   * (one model message); 'request', also among the calls that ran earlier in the same request:
   * every `process()` given the same `context.requestId` (the turns of one agent run), and
   * nested calls, which share their caller's request.
   */
  readonly scope?: DuplicateCallScope;
}

/** Repeats named in full in the reason; the rest are counted (all are in `details`). */
const NAMED_IN_REASON = 5;

/**
 * Opt-in: the parser keeps every call, identical ones included, so a model that repeats a call
 * by mistake runs it twice. This guard warns about (enforcement 'warn') or blocks (default) a
 * call whose tool and arguments (key order ignored) equal an earlier call's in the same message
 * or request. The first of the identical calls always runs.
 */
export function duplicateCallGuard(options: DuplicateCallGuardOptions = {}): GuardV1 {
  const identity = guardIdentity('duplicate-call', options);
  const scope = oneOf('duplicate-call.scope', options.scope, ['message', 'request'], 'message');
  if (scope === 'message') {
    return { ...identity, plan: ({ calls }) => judge(calls, new Map(), scope) };
  }
  // Signature -> id of the call that ran first, per request. Kept when a process() ends (the
  // processor reports each one as a request end) so the next turn of the same request sees it;
  // memory stays bounded by the least-recently-used cap on requests.
  const ran = new RequestState<Map<string, string>>(() => new Map());
  return {
    ...identity,
    plan: ({ calls, context }) => judge(calls, new Map(ran.peek(context)), scope),
    pre({ call, tool, context, dryRun }) {
      if (!dryRun) {
        const seen = ran.get(context);
        const signature = signatureOf(call, tool);
        if (!seen.has(signature)) seen.set(signature, call.id);
      }
      return ALLOW;
    },
  };
}

function signatureOf(call: ToolCall, tool: ToolDefinition | undefined): string {
  // The arguments as called (before schema defaults or repairs), so repeats compare as written.
  return tool ? callSignature(tool, call.arguments) : `${call.tool}#${hashValue(call.arguments)}`;
}

function judge(
  calls: readonly PlannedCall[],
  seen: Map<string, string>,
  scope: DuplicateCallScope,
): GuardVerdict {
  const repeats: Array<{
    readonly callId: string;
    readonly tool: string;
    readonly sameAs: string;
  }> = [];
  for (const { call, tool } of calls) {
    const signature = signatureOf(call, tool);
    const first = seen.get(signature);
    if (first === undefined) seen.set(signature, call.id);
    else repeats.push({ callId: call.id, tool: call.tool, sameAs: first });
  }
  if (repeats.length === 0) return ALLOW;
  const named = repeats
    .slice(0, NAMED_IN_REASON)
    .map(({ callId, tool, sameAs }) => `"${callId}" repeats "${sameAs}" (${tool})`)
    .join(', ');
  const more =
    repeats.length > NAMED_IN_REASON ? ` and ${repeats.length - NAMED_IN_REASON} more` : '';
  const where = scope === 'message' ? 'this message' : 'this request';
  return {
    verdict: 'block',
    reason: `the same call with the same arguments again in ${where}: ${named}${more}`,
    details: { scope, repeats },
    callIds: repeats.map(({ callId }) => callId),
  };
}
