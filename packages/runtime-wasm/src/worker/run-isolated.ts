import { type ToolExecutionContext, TpError } from '@tp/core';
import { messageOf } from '../define-wasm-tool.js';
import type { Invocation, Outcome } from '../invoke/invocation.js';
import type { SetupPhase } from '../invoke/warm-instances.js';
import type { CallToolHandler } from './wasm-worker-thread.js';
import { disposedError, type WorkerPool } from './worker-pool.js';

/** How long a worker thread may take to instantiate a component (its start functions run then). */
export const INSTANTIATE_TIME_MS = 10_000;

/**
 * Runs one call on a pooled worker thread. The call's time (`timeMs`) counts from when the guest
 * runs; instantiating a component the thread has no warm instance of is bounded apart. Past
 * either bound, or when the call is cancelled, the thread is terminated (a running guest cannot be
 * interrupted inside it) and the pool starts a replacement.
 */
export async function runIsolated(
  pool: WorkerPool,
  invocation: Invocation,
  modules: Readonly<Record<string, WebAssembly.Module>> | undefined,
  timeMs: number,
  ctx: ToolExecutionContext,
  tool: string,
  onCallTool: CallToolHandler,
): Promise<Outcome> {
  const worker = await pool.acquire(ctx.signal);
  try {
    await worker.ready;
  } catch (error) {
    pool.discard(worker);
    throw pool.disposed ? disposedError() : unavailable(tool, error);
  }
  return new Promise<Outcome>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const settle = (discard: boolean, action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onAbort);
      if (discard) pool.discard(worker);
      else pool.release(worker);
      action();
    };
    const limitAfter = (ms: number, phase: SetupPhase) => {
      clearTimeout(timer);
      timer = setTimeout(() => settle(true, () => reject(timeout(tool, ms, phase))), ms);
    };
    const onAbort = () => settle(true, () => reject(ctx.signal.reason));
    if (ctx.signal.aborted) return onAbort();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    limitAfter(timeMs, 'running');
    // A thread's first call of a target brings the host's compiled modules along.
    const key = `${invocation.target.dir}\0${invocation.target.maxPages}`;
    const first = modules !== undefined && !worker.hasModules.has(key);
    if (first) worker.hasModules.add(key);
    worker
      .run(
        first ? { ...invocation, modules } : invocation,
        (phase) => limitAfter(phase === 'instantiating' ? INSTANTIATE_TIME_MS : timeMs, phase),
        onCallTool,
      )
      .then(
        (outcome) => settle(false, () => resolve(outcome)),
        (error: unknown) =>
          settle(true, () => reject(pool.disposed ? disposedError() : unavailable(tool, error))),
      );
  });
}

function timeout(tool: string, ms: number, phase: SetupPhase): TpError {
  return new TpError({
    code: 'TOOL_TIMEOUT',
    message: `[tp:runtime-wasm] ${tool}: ${phase === 'running' ? 'time limit exceeded' : 'instantiating the component took too long'} (${ms} ms); the worker was terminated and replaced`,
    details: { tool, limit: 'time', value: ms, phase, killed: true },
  });
}

function unavailable(tool: string, error: unknown): TpError {
  return new TpError({
    code: 'RUNTIME_UNAVAILABLE',
    message: `[tp:runtime-wasm] ${tool}: the worker thread died (${messageOf(error)}); it was replaced`,
    details: { tool },
    cause: error,
  });
}
