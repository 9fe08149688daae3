import { TpError } from '@tp/core';
import { WasmWorkerThread } from './wasm-worker-thread.js';

interface Waiter {
  readonly resolve: (worker: WasmWorkerThread) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Up to `size` worker threads, each running one call at a time; further calls wait in arrival
 * order. Threads start on first use (or `warmup()`); a thread that is terminated (a call past its
 * time, a cancelled call), dies, or has run `recycleAfter` calls is replaced.
 */
export class WorkerPool {
  private readonly idle: WasmWorkerThread[] = [];
  private readonly all = new Set<WasmWorkerThread>();
  private readonly waiters: Waiter[] = [];
  disposed = false;
  /** Threads started since the pool was made (replacements included). */
  started = 0;

  constructor(
    private readonly size: number,
    private readonly recycleAfter: number,
  ) {}

  get threads(): number {
    return this.all.size;
  }

  warmup(): void {
    while (this.all.size < this.size) this.idle.push(this.start());
  }

  acquire(signal: AbortSignal): Promise<WasmWorkerThread> {
    if (this.disposed) return Promise.reject(disposedError());
    const worker = this.idle.shift() ?? (this.all.size < this.size ? this.start() : undefined);
    if (worker) return Promise.resolve(worker);
    return new Promise<WasmWorkerThread>((resolve, reject) => {
      const onAbort = () => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(signal.reason);
      };
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
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  release(worker: WasmWorkerThread): void {
    if (this.disposed || !worker.alive || worker.calls >= this.recycleAfter) {
      this.discard(worker);
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(worker);
    else this.idle.push(worker);
  }

  /** Terminates a thread (over its time, cancelled, dead) and starts its replacement. */
  discard(worker: WasmWorkerThread): void {
    if (!this.all.delete(worker)) return;
    const index = this.idle.indexOf(worker);
    if (index >= 0) this.idle.splice(index, 1);
    void worker.terminate();
    if (!this.disposed) this.release(this.start());
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const waiter of this.waiters.splice(0)) waiter.reject(disposedError());
    this.idle.length = 0;
    const workers = [...this.all];
    this.all.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private start(): WasmWorkerThread {
    const worker = new WasmWorkerThread((dead) => this.discard(dead));
    this.all.add(worker);
    this.started++;
    return worker;
  }
}

export function disposedError(): TpError {
  return new TpError({
    code: 'RUNTIME_UNAVAILABLE',
    message: '[tp:runtime-wasm] the WebAssembly runtime was disposed',
  });
}
