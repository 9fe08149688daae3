// @tp/core/node: Node-only helpers (this entry may import node: modules; the root entry may not).

import { AsyncLocalStorage } from 'node:async_hooks';
import { type ContextStorage, setContextStorage } from '../context/context-storage.js';
import type { ExecutionContext } from '../contracts/execution-context.js';

/** A ContextStorage backed by AsyncLocalStorage. */
export function createAsyncContextStorage(): ContextStorage {
  const storage = new AsyncLocalStorage<ExecutionContext>();
  return {
    getStore: () => storage.getStore(),
    run: (context, callback) => storage.run(context, callback),
  };
}

/**
 * Makes the ExecutionContext ambient in this Node process: a `process()` started from inside a
 * tool (or anything that tool awaits) inherits its request's deadline, tenant, user and trace.
 * Call once at startup; returns a function that restores the previous storage.
 */
export function installAsyncContextStorage(): () => void {
  const previous = setContextStorage(createAsyncContextStorage());
  return () => {
    setContextStorage(previous);
  };
}
