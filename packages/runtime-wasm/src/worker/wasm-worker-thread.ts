import { Worker } from 'node:worker_threads';
import type { Invocation, Outcome } from '../invoke/invocation.js';
import type { SetupPhase } from '../invoke/warm-instances.js';

/** What a worker thread tells the pool: it started, a call's setup phases, a call's outcome. */
export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: SetupPhase }
  | { readonly type: 'outcome'; readonly outcome: Outcome };

interface Pending {
  readonly resolve: (outcome: Outcome) => void;
  readonly reject: (error: Error) => void;
  readonly onSetup: (phase: SetupPhase) => void;
}

// Resolves to dist/worker/ both from src/worker/ (tests) and dist/worker/ (the built package).
const entry = new URL('../../dist/worker/wasm-worker.js', import.meta.url);

/** One worker thread of the isolated mode, running one call at a time. */
export class WasmWorkerThread {
  /** Resolves when the thread has loaded its code and listens (rejects when it died first). */
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private pending: Pending | undefined;
  alive = true;

  constructor(onExit: (thread: WasmWorkerThread) => void) {
    // No environment at all: nothing in the thread can read the host's variables.
    this.worker = new Worker(entry, { env: {}, stdout: true, stderr: true });
    // An idle pool does not keep the process alive; a running call's timer does.
    this.worker.unref();
    let markReady: () => void = () => {};
    let markFailed: (error: Error) => void = () => {};
    this.ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      markFailed = reject;
    });
    this.ready.catch(() => {});
    this.worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') markReady();
      else if (message.type === 'outcome') {
        const pending = this.pending;
        this.pending = undefined;
        pending?.resolve(message.outcome);
      } else this.pending?.onSetup(message.type);
    });
    const fail = (error: Error) => {
      this.alive = false;
      markFailed(error);
      const pending = this.pending;
      this.pending = undefined;
      pending?.reject(error);
      onExit(this);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the worker thread exited (code ${code})`)));
  }

  /** Runs one call; `onSetup` hears when the thread instantiates the component for it. */
  run(invocation: Invocation, onSetup: (phase: SetupPhase) => void = () => {}): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject, onSetup };
      this.worker.postMessage(invocation);
    });
  }

  async terminate(): Promise<void> {
    this.alive = false;
    await this.worker.terminate();
  }
}
