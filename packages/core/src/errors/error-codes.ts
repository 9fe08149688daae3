/** Stable error codes. These strings are public API: never rename one. */
export const ErrorCode = {
  TOOL_NOT_FOUND: 'TOOL_NOT_FOUND',
  TOOL_VALIDATION_ERROR: 'TOOL_VALIDATION_ERROR',
  TOOL_EXECUTION_FAILED: 'TOOL_EXECUTION_FAILED',
  TOOL_TIMEOUT: 'TOOL_TIMEOUT',
  TOOL_CANCELLED: 'TOOL_CANCELLED',
  PARSER_ERROR: 'PARSER_ERROR',
  TOOL_RATE_LIMITED: 'TOOL_RATE_LIMITED',
  TOOL_CIRCUIT_OPEN: 'TOOL_CIRCUIT_OPEN',
  BULKHEAD_FULL: 'BULKHEAD_FULL',
  GUARD_BLOCKED: 'GUARD_BLOCKED',
  RUNTIME_UNAVAILABLE: 'RUNTIME_UNAVAILABLE',
  CONFIGURATION_ERROR: 'CONFIGURATION_ERROR',
  DEPENDENCY_FAILED: 'DEPENDENCY_FAILED',
  MCP_TOOL_QUARANTINED: 'MCP_TOOL_QUARANTINED',
  TOOL_RESOURCE_EXHAUSTED: 'TOOL_RESOURCE_EXHAUSTED',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export type ErrorCategory =
  | 'not_found'
  | 'validation'
  | 'execution'
  | 'timeout'
  | 'cancelled'
  | 'parse'
  | 'rate_limit'
  | 'circuit_open'
  | 'bulkhead_full'
  | 'connection'
  | 'guard_blocked'
  | 'configuration'
  /** Not run because a call it depends on failed or was skipped. */
  | 'dependency';

interface CodeTraits {
  readonly category: ErrorCategory;
  readonly retryable: boolean;
}

/**
 * Category and default retryability of each code. Retryable means "the same call may succeed if
 * tried again later"; a caller (or the retry middleware) may still decide otherwise.
 */
export const errorCodeTraits: Readonly<Record<ErrorCode, CodeTraits>> = {
  TOOL_NOT_FOUND: { category: 'not_found', retryable: false },
  TOOL_VALIDATION_ERROR: { category: 'validation', retryable: false },
  TOOL_EXECUTION_FAILED: { category: 'execution', retryable: true },
  TOOL_TIMEOUT: { category: 'timeout', retryable: true },
  TOOL_CANCELLED: { category: 'cancelled', retryable: false },
  PARSER_ERROR: { category: 'parse', retryable: false },
  TOOL_RATE_LIMITED: { category: 'rate_limit', retryable: true },
  TOOL_CIRCUIT_OPEN: { category: 'circuit_open', retryable: true },
  BULKHEAD_FULL: { category: 'bulkhead_full', retryable: true },
  GUARD_BLOCKED: { category: 'guard_blocked', retryable: false },
  RUNTIME_UNAVAILABLE: { category: 'connection', retryable: true },
  CONFIGURATION_ERROR: { category: 'configuration', retryable: false },
  DEPENDENCY_FAILED: { category: 'dependency', retryable: false },
  MCP_TOOL_QUARANTINED: { category: 'guard_blocked', retryable: false },
  TOOL_RESOURCE_EXHAUSTED: { category: 'execution', retryable: false },
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCodeTraits, value);
}
