import { TpError } from '@tp/core';
import { TclWorker, type WorkerSpawnOptions } from './tcl-worker.js';

interface Waiter {
  readonly resolve: (worker: TclWorker) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Up to `size` tclsh workers, each running one call at a time. Workers start on first use (or
 * `warmup()`); a worker that is killed, crashes or is discarded is replaced by a fresh one.
 */
export class WorkerPool {
  private readonly idle: TclWorker[] = [];
  private readonly all = new Set<TclWorker>();
  private readonly waiters: Waiter[] = [];
  private starting = 0;
  private disposed = false;

  constructor(
    private readonly size: number,
    private readonly spawnOptions: WorkerSpawnOptions,
  ) {}

  get pids(): number[] {
    return [...this.all].flatMap((worker) => (worker.pid === undefined ? [] : [worker.pid]));
  }

  /** Starts every worker the pool may hold and resolves when they are ready. */
  async warmup(): Promise<void> {
    const starts: Promise<TpError | undefined>[] = [];
    while (this.all.size + this.starting < this.size) starts.push(this.start());
    const failed = (await Promise.all(starts)).find((error) => error !== undefined);
    if (failed) throw failed;
  }

  /** Resolves with an idle worker, waiting for one when all are busy. */
  acquire(signal: AbortSignal): Promise<TclWorker> {
    if (this.disposed) return Promise.reject(unavailable('the Tcl runtime was disposed'));
    // Oldest idle first: a worker that just answered is still making its next interpreter.
    const worker = this.idle.shift();
    if (worker) return Promise.resolve(worker);
    return new Promise<TclWorker>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (found) => {
          signal.removeEventListener('abort', onAbort);
          resolve(found);
        },
        reject: (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      const onAbort = () => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      if (this.all.size + this.starting < this.size) void this.start();
    });
  }

  /** Returns a healthy worker after its call. */
  release(worker: TclWorker): void {
    if (this.disposed || !worker.alive) {
      this.discard(worker);
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(worker);
    else this.idle.push(worker);
  }

  /** Kills a worker (hung, over a limit, cancelled) and starts its replacement. */
  discard(worker: TclWorker): void {
    if (!this.all.delete(worker)) return;
    const index = this.idle.indexOf(worker);
    if (index >= 0) this.idle.splice(index, 1);
    void worker.kill();
    if (!this.disposed && this.all.size + this.starting < this.size) void this.start();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const error = unavailable('the Tcl runtime was disposed');
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
    this.idle.length = 0;
    const workers = [...this.all];
    this.all.clear();
    await Promise.all(workers.map((worker) => worker.kill()));
  }

  /** Starts one worker; resolves with the error when it could not start. */
  private async start(): Promise<TpError | undefined> {
    this.starting++;
    // A worker that dies on its own (OOM killer, crash while idle) leaves the pool and is replaced.
    const worker = new TclWorker(this.spawnOptions, { onExit: (dead) => this.discard(dead) });
    try {
      await worker.ready;
    } catch (cause) {
      this.starting--;
      await worker.kill();
      // Without a worker to come, the waiters would wait forever: fail them with the cause.
      const error = unavailable(
        `a tclsh worker failed to start (${this.spawnOptions.tclsh}): ${describe(cause)}`,
        cause,
      );
      if (this.all.size + this.starting === 0) {
        for (const waiter of this.waiters.splice(0)) waiter.reject(error);
      }
      return error;
    }
    this.starting--;
    if (this.disposed) {
      await worker.kill();
      return undefined;
    }
    this.all.add(worker);
    this.release(worker);
    return undefined;
  }
}

function unavailable(message: string, cause?: unknown): TpError {
  return new TpError({
    code: 'RUNTIME_UNAVAILABLE',
    message: `[tp:runtime-tcl] ${message}`,
    cause,
  });
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const stderr = (error as { stderr?: string }).stderr;
    return stderr ? `${error.message}: ${stderr.trim()}` : error.message;
  }
  return String(error);
}
