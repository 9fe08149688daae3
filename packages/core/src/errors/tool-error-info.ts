import type { ErrorCategory, ErrorCode } from './error-codes.js';

/** The structured error carried by a failed ToolResult. Plain data: safe to serialize. */
export interface ToolErrorInfo {
  readonly code: ErrorCode | (string & {});
  readonly category: ErrorCategory | (string & {});
  readonly message: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly details?: Readonly<Record<string, unknown>>;
}
