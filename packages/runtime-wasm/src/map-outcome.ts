import { TpError } from '@tp/core';
import type { Outcome } from './invoke/invocation.js';

/** The value of a successful call, or the TpError a failed one becomes (docs/runtime-wasm.md). */
export function outcomeValue(outcome: Outcome, tool: string, maxPages: number): unknown {
  if (outcome.ok) return outcome.value;
  const output = { logs: outcome.logs, stdout: outcome.stdout, stderr: outcome.stderr };
  if (outcome.kind === 'output') {
    return fail({
      code: 'TOOL_RESOURCE_EXHAUSTED',
      category: 'execution',
      retryable: false,
      message: `[tp:runtime-wasm] ${tool}: ${outcome.message}`,
      details: { tool, limit: 'output', value: outcome.details.limit, ...output },
    });
  }
  const pages = outcome.details.memoryPages as number[] | undefined;
  const atMemoryCap = pages?.some((count) => count >= maxPages) === true;
  return fail({
    code: 'TOOL_EXECUTION_FAILED',
    // A denied import, an exit, bad output or a full memory happen again on the next attempt.
    retryable: (outcome.kind === 'trap' || outcome.kind === 'guest-error') && !atMemoryCap,
    message:
      outcome.kind === 'guest-error'
        ? outcome.message
        : `[tp:runtime-wasm] ${tool}: ${outcome.message}${atMemoryCap ? ` (memory at its cap of ${maxPages} pages)` : ''}`,
    details: {
      tool,
      reason: outcome.kind,
      ...outcome.details,
      ...(atMemoryCap ? { limit: 'memory', value: maxPages } : {}),
      ...output,
    },
  });
}

function fail(options: ConstructorParameters<typeof TpError>[0]): never {
  throw new TpError(options);
}
