import { type ErrorCategory, type ErrorCode, errorCodeTraits, isErrorCode } from './error-codes.js';
import type { ToolErrorInfo } from './tool-error-info.js';

const marker = Symbol.for('tp.error');

export interface TpErrorOptions {
  readonly code: ErrorCode | (string & {});
  readonly message: string;
  readonly category?: ErrorCategory | (string & {});
  readonly retryable?: boolean;
  readonly retryAfterMs?: number;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

/**
 * The one error base class of tp. Tools may throw it to control the code, retryability and
 * details of their failure; `TpError.isInstance` recognises errors from another copy of the package.
 */
export class TpError extends Error {
  readonly [marker] = true;
  readonly code: ErrorCode | (string & {});
  readonly category: ErrorCategory | (string & {});
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(options: TpErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TpError';
    const traits = isErrorCode(options.code) ? errorCodeTraits[options.code] : undefined;
    this.code = options.code;
    this.category = options.category ?? traits?.category ?? 'execution';
    this.retryable = options.retryable ?? traits?.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.details = options.details;
  }

  static isInstance(value: unknown): value is TpError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[marker] === true
    );
  }

  toInfo(): ToolErrorInfo {
    return infoFromFields(this, 'TOOL_EXECUTION_FAILED');
  }
}

/** Builds a ToolErrorInfo, filling category and retryability from the code's traits. */
export function toolErrorInfo(
  code: ErrorCode | (string & {}),
  message: string,
  extra: Partial<Omit<ToolErrorInfo, 'code' | 'message'>> = {},
): ToolErrorInfo {
  const traits = isErrorCode(code) ? errorCodeTraits[code] : undefined;
  const info: {
    code: string;
    category: string;
    message: string;
    retryable: boolean;
    retryAfterMs?: number;
    details?: Readonly<Record<string, unknown>>;
  } = {
    code,
    category: extra.category ?? traits?.category ?? 'execution',
    message,
    retryable: extra.retryable ?? traits?.retryable ?? false,
  };
  if (extra.retryAfterMs !== undefined) info.retryAfterMs = extra.retryAfterMs;
  if (extra.details !== undefined) info.details = extra.details;
  return info;
}

/**
 * Maps anything a tool or runtime threw to a ToolErrorInfo: a TpError (of this or any other copy
 * of the package) keeps its code; any other value becomes `fallbackCode` with its message.
 * Never throws, whatever it is given.
 */
export function toErrorInfo(
  error: unknown,
  fallbackCode: ErrorCode = 'TOOL_EXECUTION_FAILED',
): ToolErrorInfo {
  try {
    if (TpError.isInstance(error)) return infoFromFields(error, fallbackCode);
    if (error instanceof Error) {
      const details = error.name && error.name !== 'Error' ? { name: error.name } : undefined;
      return toolErrorInfo(fallbackCode, error.message || error.name, details ? { details } : {});
    }
    return toolErrorInfo(fallbackCode, typeof error === 'string' ? error : describe(error));
  } catch {
    return toolErrorInfo(fallbackCode, 'a value that cannot be described was thrown');
  }
}

/**
 * Reads a TpError's fields rather than calling its methods: an error made by another copy (or
 * version) of the package is recognised by its marker and may not have the same methods.
 */
function infoFromFields(error: TpError, fallbackCode: ErrorCode): ToolErrorInfo {
  const code = typeof error.code === 'string' && error.code !== '' ? error.code : fallbackCode;
  const { category, retryable, retryAfterMs, details } = error;
  return toolErrorInfo(code, typeof error.message === 'string' ? error.message : String(code), {
    ...(typeof category === 'string' ? { category } : {}),
    ...(typeof retryable === 'boolean' ? { retryable } : {}),
    ...(typeof retryAfterMs === 'number' && retryAfterMs >= 0 ? { retryAfterMs } : {}),
    ...(typeof details === 'object' && details !== null ? { details } : {}),
  });
}

function describe(value: unknown): string {
  if (typeof value === 'function') return 'non-error thrown: function';
  if (typeof value === 'symbol' || typeof value === 'bigint' || value === undefined) {
    return `non-error thrown: ${String(value)}`;
  }
  try {
    return `non-error thrown: ${JSON.stringify(value)}`;
  } catch {
    // Circular or otherwise unserializable; a null-prototype object has no toString either.
    return `non-error thrown: ${typeof (value as object).toString === 'function' ? String(value) : typeof value}`;
  }
}
