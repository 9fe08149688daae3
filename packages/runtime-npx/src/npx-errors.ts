import { ErrorCode, TpError } from '@tp/core';
import type { ThrownInfo } from './process/node-child.js';

const prefix = '[tp:runtime-npx]';

/** What the tool threw: a TpError keeps its code; anything else is TOOL_EXECUTION_FAILED. */
export function thrownError(info: ThrownInfo, tool: string): TpError {
  const details = {
    tool,
    ...(info.name && info.name !== 'Error' ? { name: info.name } : {}),
    ...(info.stack ? { stack: info.stack } : {}),
    ...(info.code !== undefined && info.name !== 'TpError' ? { errorCode: info.code } : {}),
  };
  if (info.name === 'TpError' && typeof info.code === 'string' && info.code !== '') {
    return new TpError({
      code: info.code,
      message: info.message,
      ...(typeof info.category === 'string' ? { category: info.category } : {}),
      ...(typeof info.retryable === 'boolean' ? { retryable: info.retryable } : {}),
      details: { ...details, ...(isRecord(info.details) ? info.details : {}) },
    });
  }
  return new TpError({ code: 'TOOL_EXECUTION_FAILED', message: info.message, details });
}

export function outputExceeded(tool: string, limit: number, bytes?: number): TpError {
  return new TpError({
    code: ErrorCode.TOOL_RESOURCE_EXHAUSTED,
    message: `${prefix} ${tool}: output limit exceeded (${limit} bytes of result, stdout and stderr)`,
    details: { tool, limit: 'output', value: limit, ...(bytes !== undefined ? { bytes } : {}) },
  });
}

export function memoryExceeded(tool: string, memoryMb: number, stderr: string): TpError {
  return new TpError({
    code: ErrorCode.TOOL_RESOURCE_EXHAUSTED,
    message: `${prefix} ${tool}: memory limit exceeded (${memoryMb} MiB heap); the child was replaced`,
    details: { tool, limit: 'memory', value: memoryMb, stderr },
  });
}

export function timedOut(tool: string, timeMs: number): TpError {
  return new TpError({
    code: 'TOOL_TIMEOUT',
    message: `${prefix} ${tool}: no answer within ${timeMs} ms; it was stopped`,
    details: { tool, limit: 'time', value: timeMs, killed: true },
  });
}

export function crashed(
  tool: string,
  exit: { code: number | null; signal: string | null },
  stderr: string,
  cause: unknown,
): TpError {
  return new TpError({
    code: 'TOOL_EXECUTION_FAILED',
    message: `${prefix} ${tool}: the child exited (${exit.signal ?? `code ${exit.code}`}) during the call; it was replaced`,
    retryable: true,
    details: { tool, exit, stderr },
    cause,
  });
}

export function unavailable(message: string, cause?: unknown): TpError {
  return new TpError({ code: 'RUNTIME_UNAVAILABLE', message: `${prefix} ${message}`, cause });
}

/** V8's last words when a heap passes --max-old-space-size / resourceLimits. */
export const heapExhausted = /heap out of memory|Reached heap limit|ERR_WORKER_OUT_OF_MEMORY/i;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
