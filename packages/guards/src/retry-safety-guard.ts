import type { ExecutionContext, GuardV1, ToolDefinition } from '@tp/core';
import { callSignature } from './shared/call-signature.js';
import {
  ALLOW,
  type GuardBaseOptions,
  guardIdentity,
  positiveInteger,
} from './shared/guard-options.js';
import { RequestState } from './shared/request-state.js';

export interface RetrySafetyGuardOptions extends GuardBaseOptions {
  /** Times one call signature (tool + arguments) may run in a request (default 3). */
  readonly maxAttempts?: number;
  /** Argument names that carry an idempotency key (default idempotencyKey, idempotency_key). */
  readonly keyArguments?: readonly string[];
}

// Distinct signatures remembered per request; past it the oldest are forgotten.
const MAX_SIGNATURES = 512;

/**
 * Repeats of the same call within a request are retries (by the model or the caller): a
 * non-idempotent tool is not re-run without an idempotency key, and any signature is capped.
 * An idempotency key in the arguments or `context.metadata.idempotencyKey` makes a repeat safe.
 */
export function retrySafetyGuard(options: RetrySafetyGuardOptions = {}): GuardV1 {
  const identity = guardIdentity('retry-safety', options);
  const maxAttempts = positiveInteger('retry-safety.maxAttempts', options.maxAttempts, 3);
  const keyArguments = options.keyArguments ?? ['idempotencyKey', 'idempotency_key'];
  const seen = new RequestState<Map<string, number>>(() => new Map());

  const hasKey = (args: Readonly<Record<string, unknown>>, context: ExecutionContext) =>
    keyArguments.some((name) => args[name] !== undefined && args[name] !== '') ||
    context.metadata.idempotencyKey !== undefined;
  const safeToRepeat = (tool: ToolDefinition) =>
    tool.idempotent === true || tool.sideEffect === 'read_only';

  return {
    ...identity,
    pre({ tool, args, context, dryRun }) {
      const signature = callSignature(tool, args);
      const counts = dryRun ? seen.peek(context) : seen.get(context);
      const count = counts?.get(signature) ?? 0;
      if (count >= maxAttempts) {
        return {
          verdict: 'block',
          reason: `"${tool.name}" already ran ${count} times with these arguments (cap ${maxAttempts})`,
          details: { attempts: count },
        };
      }
      if (count > 0 && !safeToRepeat(tool) && !hasKey(args, context)) {
        return {
          verdict: 'block',
          reason: `"${tool.name}" is not idempotent and already ran with these arguments; pass an idempotency key to repeat it`,
          details: { attempts: count },
        };
      }
      if (counts && !dryRun) {
        if (!counts.has(signature) && counts.size >= MAX_SIGNATURES)
          counts.delete(counts.keys().next().value as string);
        counts.set(signature, count + 1);
      }
      return ALLOW;
    },
    endRequest: (context) => seen.end(context),
  };
}
