import type { CallOutcome } from '../contracts/call-middleware/v1/call-middleware-v1.js';
import type { ToolErrorInfo } from '../errors/tool-error-info.js';

/** The outcome of a call that failed with `error` after `attempts` runtime invocations. */
export function failure(error: ToolErrorInfo, attempts = 0): CallOutcome {
  return { ok: false, error, attempts, cached: false };
}
