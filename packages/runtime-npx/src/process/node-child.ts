import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { ProgressUpdate } from '@tp/core';
import { childProgress } from '../child-progress.js';

/** What a child answers to a request (see child/npx-child.mjs). */
export type ChildReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: ThrownInfo }
  | { readonly id: number; readonly ok: false; readonly limit: 'output'; readonly bytes: number };

/** A value the tool threw, as plain data. */
export interface ThrownInfo {
  readonly name?: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: unknown;
  readonly category?: unknown;
  readonly retryable?: unknown;
  readonly details?: unknown;
}

/** The child ended (crash, heap limit, killed) before it answered. */
export class ChildExit extends Error {
  constructor(
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly stderr: string,
  ) {
    super(`the child exited (${signal ?? `code ${exitCode}`})`);
  }
}

/** The call's stdout + stderr + reply passed its output limit; the child was killed. */
export class OutputExceeded extends Error {
  constructor(readonly limit: number) {
    super(`output limit exceeded (${limit} bytes)`);
  }
}

interface Pending {
  readonly id: number;
  readonly resolve: (reply: ChildReply) => void;
  readonly reject: (error: Error) => void;
  readonly onProgress: ((update: ProgressUpdate) => void) | undefined;
  outputLeft: number;
  readonly limit: number;
}

const stderrTail = 8192;
/** Bytes of a reply line around the value: `{"id":…,"ok":true,"value":…}`. */
const replyEnvelope = 64;
/** Unanswered bytes on fd 3 between calls after which the child is killed. */
const idleReplyLimit = 1024 * 1024;

/** One pre-started Node child serving one call at a time over its stdin / fd 3. */
export class NodeChild {
  readonly ready: Promise<void>;
  calls = 0;
  idleSince = Date.now();
  private readonly process: ChildProcess;
  private pending: Pending | undefined;
  private nextId = 1;
  private replyBuffer = '';
  private stderr = '';
  private exited: ChildExit | undefined;
  private readonly exit: Promise<void>;

  constructor(
    readonly key: string,
    command: { readonly command: string; readonly args: readonly string[] },
    env: Readonly<Record<string, string>>,
    onExit: (child: NodeChild) => void,
  ) {
    // Its own process group (detached), so that a tool signalling its group never reaches the host.
    this.process = spawn(command.command, command.args, {
      env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    let readyResolve: () => void = () => {};
    let readyReject: (error: Error) => void = () => {};
    this.ready = new Promise<void>((resolve, reject) => {
      readyResolve = resolve;
      readyReject = reject;
    });
    this.ready.catch(() => {});
    const replies = this.process.stdio[3] as Readable;
    replies.setEncoding('utf8');
    replies.on('data', (chunk: string) => this.onReplyData(chunk, readyResolve));
    this.process.stdout?.on('data', (chunk: Buffer) => this.countOutput(chunk.length));
    this.process.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-stderrTail);
      this.countOutput(chunk.length);
    });
    this.process.stdin?.on('error', () => {});
    this.exit = new Promise<void>((resolve) => {
      this.process.once('close', (code, signal) => {
        this.exited = new ChildExit(code, signal, this.stderr);
        readyReject(this.exited);
        this.failPending(this.exited);
        onExit(this);
        resolve();
      });
      this.process.once('error', (error) => {
        readyReject(error);
        this.failPending(error);
      });
    });
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  get alive(): boolean {
    return this.exited === undefined;
  }

  /** Sends one request; resolves with the child's reply, passing on its progress lines. */
  run(
    request: Record<string, unknown>,
    outputBytes: number,
    onProgress?: (update: ProgressUpdate) => void,
  ): Promise<ChildReply> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    this.calls++;
    this.stderr = '';
    return new Promise<ChildReply>((resolve, reject) => {
      this.pending = {
        id,
        resolve,
        reject,
        onProgress,
        outputLeft: outputBytes,
        limit: outputBytes,
      };
      this.process.stdin?.write(`${JSON.stringify({ ...request, id, outputBytes })}\n`);
    });
  }

  /** Asks the running call to stop (its ctx.signal aborts in the child). */
  cancel(): void {
    if (this.pending)
      this.process.stdin?.write(`${JSON.stringify({ op: 'cancel', id: this.pending.id })}\n`);
  }

  /** Kills the child's whole process group and waits for it to be gone. */
  async kill(): Promise<void> {
    if (this.exited === undefined && this.process.pid !== undefined) {
      try {
        process.kill(-this.process.pid, 'SIGKILL');
      } catch {
        this.process.kill('SIGKILL');
      }
    }
    await this.exit;
  }

  private onReplyData(chunk: string, ready: () => void): void {
    this.replyBuffer += chunk;
    let newline = this.replyBuffer.indexOf('\n');
    while (newline >= 0) {
      const line = this.replyBuffer.slice(0, newline);
      this.replyBuffer = this.replyBuffer.slice(newline + 1);
      this.onReply(line, ready);
      newline = this.replyBuffer.indexOf('\n');
    }
    const pending = this.pending;
    // A reply line longer than the output limit (plus its envelope) is an output violation; one
    // between calls (a tool's timer writing to fd 3) only ends the child.
    if (pending && this.replyBuffer.length > pending.limit + replyEnvelope) this.overflow(pending);
    else if (!pending && this.replyBuffer.length > idleReplyLimit) void this.kill();
  }

  private onReply(line: string, ready: () => void): void {
    let message: { ready?: boolean; id?: number; progress?: unknown };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      return;
    }
    if (message.ready === true) {
      ready();
      return;
    }
    const pending = this.pending;
    if (!pending || message.id !== pending.id) return;
    const bytes = Buffer.byteLength(line);
    if (message.progress !== undefined) {
      // Progress lines count against the call's output like everything else the tool sends.
      this.countOutput(bytes);
      const update = childProgress(message.progress);
      if (update && this.pending === pending) pending.onProgress?.(update);
      return;
    }
    this.pending = undefined;
    this.idleSince = Date.now();
    // The result fits its own limit in the child; with the call's stdout and stderr it may not.
    if (bytes > pending.outputLeft + replyEnvelope) {
      pending.resolve({ id: pending.id, ok: false, limit: 'output', bytes });
    } else pending.resolve(message as ChildReply);
  }

  private countOutput(bytes: number): void {
    const pending = this.pending;
    if (!pending) return;
    pending.outputLeft -= bytes;
    if (pending.outputLeft < 0) this.overflow(pending);
  }

  private overflow(pending: Pending): void {
    this.pending = undefined;
    pending.reject(new OutputExceeded(pending.limit));
    void this.kill();
  }

  private failPending(error: Error): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(error);
  }
}
