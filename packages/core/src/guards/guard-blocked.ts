import type { GuardPhase } from '../contracts/guard/v1/guard-v1.js';
import type { ToolErrorInfo } from '../errors/tool-error-info.js';
import { toolErrorInfo } from '../errors/tp-error.js';

/** The GUARD_BLOCKED error of a call, naming the guard, the phase and the reason. */
export function guardBlockedError(
  guard: string,
  phase: GuardPhase,
  reason: string,
  tool: string | undefined,
  details: Readonly<Record<string, unknown>> | undefined,
): ToolErrorInfo {
  const what = tool === undefined ? 'the call' : `"${tool}"`;
  return toolErrorInfo('GUARD_BLOCKED', `guard "${guard}" blocked ${what} (${phase}): ${reason}`, {
    details: { guard, phase, reason, ...(details ? { guardDetails: details } : {}) },
  });
}
