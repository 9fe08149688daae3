import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import type { ToolHost } from '../host/host-imports.js';
import type { Invocation, Outcome } from '../invoke/invocation.js';
import type { SetupPhase } from '../invoke/warm-instances.js';

/** What a worker thread tells the pool: it started, a call's setup phases, a call's outcome. */
export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: SetupPhase }
  | { readonly type: 'outcome'; readonly outcome: Outcome }
  | { readonly type: 'call-tool'; readonly name: string; readonly input: string };

/** How a worker's guest calls a tool on the host synchronously: it waits on `flag`, reads `port`. */
export interface ToolCallBridge {
  readonly flag: SharedArrayBuffer;
  readonly port: MessagePort;
}

/** Runs a guest's `call-tool` on the host (through the processor). */
export type CallToolHandler = (
  name: string,
  input: string,
) => Promise<ReturnType<ToolHost['callTool']>>;

interface Pending {
  readonly resolve: (outcome: Outcome) => void;
  readonly reject: (error: Error) => void;
  readonly onSetup: (phase: SetupPhase) => void;
  readonly onCallTool: CallToolHandler;
}

// Resolves to dist/worker/ both from src/worker/ (tests) and dist/worker/ (the built package).
const entry = new URL('../../dist/worker/wasm-worker.js', import.meta.url);

/** One worker thread of the isolated mode, running one call at a time. */
export class WasmWorkerThread {
  /** Resolves when the thread has loaded its code and listens (rejects when it died first). */
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private pending: Pending | undefined;
  private readonly replies: MessagePort;
  private readonly wake: Int32Array;
  alive = true;
  /** Calls this thread has been given. */
  calls = 0;
  /** The (component, cap) keys whose compiled modules this thread has been sent. */
  readonly hasModules = new Set<string>();

  constructor(onExit: (thread: WasmWorkerThread) => void) {
    const channel = new MessageChannel();
    const flag = new SharedArrayBuffer(4);
    const bridge: ToolCallBridge = { flag, port: channel.port2 };
    // No environment at all: nothing in the thread can read the host's variables.
    this.worker = new Worker(entry, {
      env: {},
      stdout: true,
      stderr: true,
      workerData: bridge,
      transferList: [channel.port2],
    });
    this.replies = channel.port1;
    this.replies.unref();
    this.wake = new Int32Array(flag);
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
      } else if (message.type === 'call-tool') {
        void this.answer(message.name, message.input);
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

  /**
   * Runs one call; `onSetup` hears when the thread instantiates the component for it,
   * `onCallTool` runs the guest's `call-tool`s.
   */
  run(
    invocation: Invocation,
    onSetup: (phase: SetupPhase) => void = () => {},
    onCallTool: CallToolHandler = async () => ({ tag: 'err', val: 'call-tool is not enabled' }),
  ): Promise<Outcome> {
    this.calls++;
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject, onSetup, onCallTool };
      this.worker.postMessage(invocation);
    });
  }

  /** Answers a guest's `call-tool` and wakes the thread that sleeps until then. */
  private async answer(name: string, input: string): Promise<void> {
    const handler = this.pending?.onCallTool;
    const reply = handler
      ? await handler(name, input).catch((error: unknown) => ({
          tag: 'err' as const,
          val: error instanceof Error ? error.message : String(error),
        }))
      : { tag: 'err' as const, val: 'no call is running' };
    if (!this.alive) return;
    this.replies.postMessage(reply);
    Atomics.store(this.wake, 0, 1);
    Atomics.notify(this.wake, 0);
  }

  async terminate(): Promise<void> {
    this.alive = false;
    await this.worker.terminate();
  }
}
