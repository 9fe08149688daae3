import { type ErrorCode, TpError } from '@tp/core';
import { classifySdkError, httpStatusOf, protocolErrorCode } from '../sdk/sdk-adapter.js';

/** The server is not reachable (dead, restarting, never started): RUNTIME_UNAVAILABLE, retryable. */
export function connectionError(server: string, message: string, cause?: unknown): TpError {
  return new TpError({
    code: 'RUNTIME_UNAVAILABLE',
    message: `[tp:mcp] server "${server}": ${message}`,
    details: { server, failure: 'transport' },
    cause,
  });
}

const INVALID_PARAMS = -32602;
const METHOD_NOT_FOUND = -32601;

/**
 * Maps whatever a request to an MCP server threw to a TpError with one of our codes, classified in
 * `details.failure`: `transport` (RUNTIME_UNAVAILABLE, retryable), `timeout` (TOOL_TIMEOUT), or
 * `protocol` (a JSON-RPC error answer) / `other`: the server may have run the tool, so these are
 * retryable only when the tool is `repeatable` (idempotent or read-only).
 */
export function toCallError(
  server: string,
  tool: string,
  error: unknown,
  repeatable = false,
): TpError {
  if (TpError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const where = `[tp:mcp] ${server}/${tool}: ${message}`;
  const kind = classifySdkError(error);
  if (kind === 'timeout') {
    return new TpError({
      code: 'TOOL_TIMEOUT',
      message: where,
      details: { server, failure: 'timeout' },
      cause: error,
    });
  }
  const status = httpStatusOf(error);
  if (kind === 'connection' || (status !== undefined && status >= 500) || isNetworkError(error)) {
    return connectionError(server, message, error);
  }
  const rpcCode = protocolErrorCode(error);
  let code: ErrorCode = 'TOOL_EXECUTION_FAILED';
  if (rpcCode === INVALID_PARAMS)
    code = /unknown tool|not found/i.test(message) ? 'TOOL_NOT_FOUND' : 'TOOL_VALIDATION_ERROR';
  else if (rpcCode === METHOD_NOT_FOUND) code = 'TOOL_NOT_FOUND';
  return new TpError({
    code,
    message: where,
    retryable: repeatable && code === 'TOOL_EXECUTION_FAILED',
    details: { server, failure: rpcCode === undefined ? 'other' : 'protocol', rpcCode, status },
    cause: error,
  });
}

function isNetworkError(error: unknown): boolean {
  const text = `${(error as Error)?.message ?? ''} ${String((error as { cause?: unknown })?.cause ?? '')}`;
  return /ECONNREFUSED|ECONNRESET|EPIPE|socket hang up|fetch failed|terminated|other side closed/i.test(
    text,
  );
}
