import type { GuardV1 } from '../contracts/guard/v1/guard-v1.js';
import type { ToolErrorInfo } from '../errors/tool-error-info.js';
import type { ParseIssue } from '../parsing/parse-issue.js';

/** The name of the first guard that withholds `value`, or undefined. */
export type WithheldBy = (value: unknown) => string | undefined;

/** Asks the enforcing guards that implement `withholds`; undefined when there are none. */
export function withholdingCheck(guards: readonly GuardV1[]): WithheldBy | undefined {
  const withholding = guards.filter(
    (guard) => (guard.enforcement ?? 'block') === 'block' && typeof guard.withholds === 'function',
  );
  if (withholding.length === 0) return undefined;
  return (value) => {
    for (const guard of withholding) {
      try {
        if (guard.withholds!(value)) return guard.name;
      } catch {
        return guard.name; // fail closed
      }
    }
    return undefined;
  };
}

/** `error`, or the same error without its message and details when a guard withholds them. */
export function screenError(error: ToolErrorInfo, withheldBy: WithheldBy): ToolErrorInfo {
  const guard = withheldBy([error.message, error.details]);
  if (guard === undefined) return error;
  return {
    code: error.code,
    category: error.category,
    retryable: error.retryable,
    ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
    message: `the error's message was withheld by guard "${guard}"`,
  };
}

/** A reason and details fit to report: withheld whole when a guard withholds either. */
export function screenReason(
  reason: string,
  details: Readonly<Record<string, unknown>> | undefined,
  withheldBy: WithheldBy,
): { reason: string; details?: Readonly<Record<string, unknown>> } {
  const guard = withheldBy([reason, details]);
  if (guard === undefined) return details === undefined ? { reason } : { reason, details };
  return { reason: `the reason was withheld by guard "${guard}"` };
}

/** A parse issue without its message, snippet and tool name when a guard withholds them. */
export function screenIssue(issue: ParseIssue, withheldBy: WithheldBy): ParseIssue {
  const guard = withheldBy([issue.message, issue.snippet, issue.tool]);
  if (guard === undefined) return issue;
  return {
    code: issue.code,
    dialect: issue.dialect,
    message: `the problem's description was withheld by guard "${guard}"`,
    ...(issue.path !== undefined ? { path: issue.path } : {}),
    ...(issue.offset !== undefined ? { offset: issue.offset } : {}),
  };
}
