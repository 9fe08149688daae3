import { Worker } from 'node:worker_threads';
import type { Invocation, Outcome } from '../invoke/invocation.js';

// Resolves to dist/worker/ both from src/worker/ (tests) and dist/worker/ (the built package).
const entry = new URL('../../dist/worker/wasm-worker.js', import.meta.url);

/** One worker thread of the isolated mode, running one call at a time. */
export class WasmWorkerThread {
  private readonly worker: Worker;
  private pending:
    | { resolve: (outcome: Outcome) => void; reject: (error: Error) => void }
    | undefined;
  private nextId = 0;
  alive = true;

  constructor(onExit: (thread: WasmWorkerThread) => void) {
    // No environment at all: nothing in the thread can read the host's variables.
    this.worker = new Worker(entry, { env: {}, stdout: true, stderr: true });
    this.worker.unref();
    this.worker.on('message', (message: { outcome: Outcome }) => {
      const pending = this.pending;
      this.pending = undefined;
      pending?.resolve(message.outcome);
    });
    const fail = (error: Error) => {
      this.alive = false;
      const pending = this.pending;
      this.pending = undefined;
      pending?.reject(error);
      onExit(this);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the worker thread exited (code ${code})`)));
  }

  get threadId(): number {
    return this.worker.threadId;
  }

  run(invocation: Invocation): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage({ id: this.nextId++, invocation });
    });
  }

  async terminate(): Promise<void> {
    this.alive = false;
    await this.worker.terminate();
  }
}
