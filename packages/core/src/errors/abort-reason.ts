import type { ErrorCode } from './error-codes.js';
import type { ToolErrorInfo } from './tool-error-info.js';
import { TpError, toErrorInfo, toolErrorInfo } from './tp-error.js';

/** The TpError a signal aborts with when the caller gave no TpError of its own. */
export function cancellationError(message = 'the call was cancelled'): TpError {
  return new TpError({ code: 'TOOL_CANCELLED', message });
}

/** Maps an abort reason to the error of the call it stopped: TpErrors keep their code. */
export function abortReasonToErrorInfo(
  reason: unknown,
  fallback: ErrorCode = 'TOOL_CANCELLED',
): ToolErrorInfo {
  if (TpError.isInstance(reason)) return toErrorInfo(reason);
  if (reason instanceof Error && reason.name === 'TimeoutError') {
    return toolErrorInfo('TOOL_TIMEOUT', reason.message || 'the call timed out');
  }
  const text =
    reason instanceof Error ? reason.message : reason === undefined ? '' : String(reason);
  return toolErrorInfo(
    fallback,
    text ? `the call was cancelled: ${text}` : 'the call was cancelled',
  );
}
