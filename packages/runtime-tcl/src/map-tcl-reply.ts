import { ErrorCode, TpError } from '@tp/core';
import type { TclToolSource } from './define-tcl-tool.js';
import { dictFieldsToJson } from './protocol/tcl-value.js';
import type { WorkerExit, WorkerReply } from './worker/tcl-worker.js';

/** Error code of a call stopped by a resource limit other than time (commands, recursion, output, memory). */
export const TOOL_RESOURCE_EXHAUSTED = ErrorCode.TOOL_RESOURCE_EXHAUSTED;

const limitKeys: Readonly<Record<string, string>> = { output: 'outputBytes', memory: 'memoryMb' };

/** The value of a successful call, shaped by the tool's result mode. */
export function replyValue(
  reply: Extract<WorkerReply, { ok: true }>,
  source: TclToolSource,
): unknown {
  if (reply.mode === 'json') return dictFieldsToJson(reply.fields);
  const result = reply.fields[0] ?? '';
  if (source.result === 'capture') return { result, stdout: reply.stdout, stderr: reply.stderr };
  if (result === '' && reply.stdout !== '') return reply.stdout.replace(/\n$/, '');
  return result;
}

/** The TpError a failed call becomes: Tcl errors, limit violations, and so on. */
export function replyError(
  reply: Extract<WorkerReply, { ok: false }>,
  tool: string,
  limits: { readonly [key: string]: number },
): TpError {
  const output = { stdout: reply.stdout, stderr: reply.stderr };
  switch (reply.kind) {
    case 'time':
      return new TpError({
        code: 'TOOL_TIMEOUT',
        message: `[tp:runtime-tcl] ${tool}: time limit exceeded`,
        details: { tool, limit: 'time', ...output },
      });
    case 'commands':
    case 'recursion':
    case 'output':
    case 'memory': {
      const key = limitKeys[reply.kind] ?? reply.kind;
      return new TpError({
        code: TOOL_RESOURCE_EXHAUSTED,
        category: 'execution',
        retryable: false,
        message: `[tp:runtime-tcl] ${tool}: ${reply.kind} limit exceeded (${limits[key]}): ${reply.message}`,
        details: { tool, limit: reply.kind, value: limits[key], ...output },
      });
    }
    default:
      return new TpError({
        code: 'TOOL_EXECUTION_FAILED',
        message: reply.message,
        details: {
          tool,
          errorInfo: reply.errorInfo,
          errorCode: reply.errorCode,
          ...(reply.kind === 'json' ? { resultMode: 'json' } : {}),
          ...output,
        },
      });
  }
}

/** The TpError of a call whose worker died under it. */
export function workerExitError(error: WorkerExit, tool: string, memoryMb: number): TpError {
  // Tcl reports a failed allocation on stderr before aborting; that is the memory ceiling.
  if (/unable to (re)?alloc/i.test(error.stderr)) {
    return new TpError({
      code: TOOL_RESOURCE_EXHAUSTED,
      category: 'execution',
      retryable: false,
      message: `[tp:runtime-tcl] ${tool}: memory limit exceeded (${memoryMb} MiB); the worker was replaced`,
      details: { tool, limit: 'memory', value: memoryMb },
      cause: error,
    });
  }
  return new TpError({
    code: 'TOOL_EXECUTION_FAILED',
    message: `[tp:runtime-tcl] ${tool}: ${error.message}; the worker was replaced`,
    retryable: true,
    details: {
      tool,
      workerExit: { code: error.exitCode, signal: error.signal },
      stderr: error.stderr,
    },
    cause: error,
  });
}
