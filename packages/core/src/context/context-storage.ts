import type { ExecutionContext } from '../contracts/execution-context.js';

/**
 * Where the ambient ExecutionContext lives while a request runs, so that a `process()` started
 * from inside a tool inherits its caller's context. Core cannot import `node:async_hooks` (its
 * root entry runs on every JS platform), so the storage is pluggable: `@tp/core/node` provides
 * one backed by AsyncLocalStorage (`installAsyncContextStorage()`); without one, nothing is ambient.
 */
export interface ContextStorage {
  /** The context of the request whose code is running now, if any. */
  getStore(): ExecutionContext | undefined;
  /** Runs `callback` with `context` ambient for it and every async continuation it starts. */
  run<Result>(context: ExecutionContext, callback: () => Result): Result;
}

let installed: ContextStorage | undefined;

/** Installs (or, with undefined, removes) the process-wide context storage; returns the previous one. */
export function setContextStorage(storage: ContextStorage | undefined): ContextStorage | undefined {
  const previous = installed;
  installed = storage;
  return previous;
}

/** The ambient context, when a storage is installed and a request is running. */
export function currentContext(): ExecutionContext | undefined {
  return installed?.getStore();
}

/** Runs `callback` with `context` ambient (a plain call when no storage is installed). */
export function runWithContext<Result>(context: ExecutionContext, callback: () => Result): Result {
  return installed ? installed.run(context, callback) : callback();
}
