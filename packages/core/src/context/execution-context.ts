import type { ExecutionContext } from '../contracts/execution-context.js';

export type ExecutionContextInit = Partial<ExecutionContext>;

let counter = 0;

function newRequestId(): string {
  const random = globalThis.crypto?.randomUUID?.();
  return random ?? `req-${Date.now().toString(36)}-${(counter++).toString(36)}`;
}

/** A complete, frozen context from a partial one (a request id is generated when absent). */
export function createExecutionContext(init: ExecutionContextInit = {}): ExecutionContext {
  return Object.freeze({
    ...init,
    requestId: init.requestId ?? newRequestId(),
    metadata: Object.freeze({ ...(init.metadata ?? {}) }),
  });
}
