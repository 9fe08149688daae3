import { type ChildProcess, spawn } from 'node:child_process';
import { encodeFrame, FrameDecoder } from '../protocol/frame-codec.js';

/** One call as the worker runs it (see tcl/worker.tcl for the wire format). */
export interface WorkerRequest {
  readonly script: string;
  readonly mode: 'text' | 'json';
  readonly commands: number;
  readonly timeMs: number;
  readonly outputBytes: number;
  /** Flat name/value pairs, set as variables of the interpreter before the script runs. */
  readonly parameters: readonly string[];
}

export type WorkerReply =
  | {
      readonly ok: true;
      readonly mode: 'text' | 'json';
      readonly stdout: string;
      readonly stderr: string;
      /** The result (text) or the dict's key/value fields (json). */
      readonly fields: readonly string[];
    }
  | {
      readonly ok: false;
      readonly kind: string;
      readonly message: string;
      readonly errorInfo: string;
      readonly errorCode: string;
      readonly stdout: string;
      readonly stderr: string;
    };

/** Answers a script's call to an allow-listed host command. */
export type HostCallHandler = (
  name: string,
  args: readonly string[],
) => Promise<{ readonly ok: boolean; readonly value: string }>;

export interface WorkerSpawnOptions {
  readonly tclsh: string;
  readonly script: string;
  readonly recursion: number;
  readonly hostCommands: readonly string[];
  /** Address-space ceiling (ulimit -v) of the worker process, in MiB; 0 for none. */
  readonly memoryMb: number;
}

export interface WorkerHooks {
  /** Called once when the process has ended, whatever the reason. */
  readonly onExit?: (worker: TclWorker) => void;
}

/** Why a worker process ended while a call was running on it. */
export class WorkerExit extends Error {
  constructor(
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly stderr: string,
  ) {
    super(
      `the Tcl worker exited during the call (${signal ? `signal ${signal}` : `exit code ${exitCode}`})`,
    );
    this.name = 'WorkerExit';
  }
}

interface Pending {
  readonly id: string;
  readonly resolve: (reply: WorkerReply) => void;
  readonly reject: (error: unknown) => void;
  readonly onHostCall: HostCallHandler | undefined;
}

const stderrKeep = 4096;
let nextCallId = 0;

/**
 * A long-lived tclsh process running tcl/worker.tcl, one call at a time. The owner (the pool)
 * decides when to kill it; an unexpected exit fails the running call with WorkerExit.
 */
export class TclWorker {
  readonly ready: Promise<string>;
  private readonly child: ChildProcess;
  private readonly decoder = new FrameDecoder();
  private pending: Pending | undefined;
  private stderrTail = '';
  private exited = false;
  private readonly exitPromise: Promise<void>;
  private onReady!: (patchlevel: string) => void;
  private onReadyFailed!: (error: unknown) => void;

  constructor(
    options: WorkerSpawnOptions,
    private readonly hooks: WorkerHooks = {},
  ) {
    this.ready = new Promise<string>((resolve, reject) => {
      this.onReady = resolve;
      this.onReadyFailed = reject;
    });
    // Observed so that a worker that dies before anyone awaits `ready` is no unhandled rejection.
    this.ready.catch(() => {});
    const args = [options.script, String(options.recursion), ...options.hostCommands];
    this.child =
      options.memoryMb > 0
        ? spawn(
            '/bin/sh',
            [
              '-c',
              `ulimit -v ${Math.floor(options.memoryMb * 1024)} && exec "$0" "$@"`,
              options.tclsh,
              ...args,
            ],
            { stdio: ['pipe', 'pipe', 'pipe'] },
          )
        : spawn(options.tclsh, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let exitDone!: () => void;
    this.exitPromise = new Promise((resolve) => {
      exitDone = resolve;
    });
    this.child.once('close', (code, signal) => {
      this.handleExit(code, signal);
      exitDone();
    });
    // A failed spawn (no tclsh) may never emit 'close'.
    this.child.once('error', (error) => {
      this.onReadyFailed(error);
      this.handleExit(null, null);
      if (this.child.pid === undefined) exitDone();
    });
    this.child.stdout!.on('data', (chunk: Buffer) => {
      for (const frame of this.decoder.push(chunk)) this.handleFrame(frame);
    });
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-stderrKeep);
    });
    // EPIPE after the worker died is reported through 'close'; nothing to do here.
    this.child.stdin!.on('error', () => {});
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return !this.exited;
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  run(request: WorkerRequest, onHostCall?: HostCallHandler): Promise<WorkerReply> {
    if (this.exited) return Promise.reject(new WorkerExit(null, null, this.stderrTail));
    if (this.pending) return Promise.reject(new Error('[tp:runtime-tcl] worker is busy'));
    const id = String(++nextCallId);
    return new Promise<WorkerReply>((resolve, reject) => {
      this.pending = { id, resolve, reject, onHostCall };
      this.child.stdin!.write(
        encodeFrame([
          'call',
          id,
          request.script,
          request.mode,
          String(request.commands),
          String(request.timeMs),
          String(request.outputBytes),
          ...request.parameters,
        ]),
      );
    });
  }

  /** Kills the process (SIGKILL) and resolves once it is gone. */
  kill(): Promise<void> {
    if (!this.exited) this.child.kill('SIGKILL');
    return this.exitPromise;
  }

  private handleFrame(fields: string[]): void {
    const [type, ...rest] = fields;
    if (type === 'ready') {
      this.onReady(rest[0] ?? '');
      return;
    }
    const pending = this.pending;
    if (!pending || rest[0] !== pending.id) return;
    if (type === 'host') {
      void this.answerHostCall(pending, rest[1] ?? '', rest.slice(2));
      return;
    }
    if (type !== 'result') return;
    this.pending = undefined;
    const [, status, ...body] = rest;
    if (status === 'ok') {
      const [mode, stdout = '', stderr = '', ...values] = body;
      pending.resolve({
        ok: true,
        mode: mode === 'json' ? 'json' : 'text',
        stdout,
        stderr,
        fields: values,
      });
    } else {
      const [kind = 'tcl', message = '', errorInfo = '', errorCode = '', stdout = '', stderr = ''] =
        body;
      pending.resolve({ ok: false, kind, message, errorInfo, errorCode, stdout, stderr });
    }
  }

  private async answerHostCall(pending: Pending, name: string, args: string[]): Promise<void> {
    let reply: { ok: boolean; value: string };
    try {
      reply = pending.onHostCall
        ? await pending.onHostCall(name, args)
        : { ok: false, value: `host command "${name}" is not available` };
    } catch (error) {
      reply = { ok: false, value: error instanceof Error ? error.message : String(error) };
    }
    if (this.pending === pending && !this.exited) {
      this.child.stdin!.write(
        encodeFrame(['reply', pending.id, reply.ok ? 'ok' : 'error', reply.value]),
      );
    }
  }

  private handleExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.exited) return;
    this.exited = true;
    const error = new WorkerExit(code, signal, this.stderrTail);
    this.onReadyFailed(error);
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(error);
    this.hooks.onExit?.(this);
  }
}
