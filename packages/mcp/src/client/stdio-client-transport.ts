import { type ChildProcess, spawn } from 'node:child_process';
import {
  getDefaultEnvironment,
  type JSONRPCMessage,
  ReadBuffer,
  serializeMessage,
  type Transport,
} from '../sdk/sdk-adapter.js';
import { terminateGroup, trackGroup, untrackGroup } from './process-group.js';
import { StderrTail } from './stderr-tail.js';

export interface StdioTransportOptions {
  readonly command: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Lines of stderr kept for diagnostics. */
  readonly stderrLines?: number;
  /** How long close() waits after TERM before KILL. */
  readonly killGraceMs?: number;
}

/**
 * A stdio client transport that, unlike the SDK's, starts the server in its own process group
 * so close() can end the whole tree (npx, shells, grandchildren), and keeps a stderr tail.
 */
export class StdioClientTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T) => void;

  readonly stderr: StderrTail;
  #child: ChildProcess | undefined;
  readonly #readBuffer = new ReadBuffer();
  #closed = false;

  constructor(private readonly options: StdioTransportOptions) {
    this.stderr = new StderrTail(options.stderrLines ?? 50);
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.options.command, [...(this.options.args ?? [])], {
        env: { ...getDefaultEnvironment(), ...this.options.env },
        ...(this.options.cwd ? { cwd: this.options.cwd } : {}),
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
        windowsHide: true,
      });
      this.#child = child;
      child.once('error', (error) => {
        if (child.pid === undefined) reject(error);
        else this.onerror?.(error);
      });
      child.once('spawn', () => {
        trackGroup(child.pid!);
        resolve();
      });
      child.once('exit', () => {
        // The server is gone; a surviving grandchild would be an orphan, so end the group too.
        if (child.pid !== undefined) void terminateGroup(child, this.options.killGraceMs ?? 2000);
        this.#finish();
      });
      child.stdin?.on('error', (error) => this.onerror?.(error));
      child.stdout?.on('data', (chunk: Buffer) => {
        this.#readBuffer.append(chunk);
        this.#drain();
      });
      child.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk));
    });
  }

  #drain(): void {
    for (;;) {
      let message: JSONRPCMessage | null;
      try {
        message = this.#readBuffer.readMessage();
      } catch (error) {
        this.onerror?.(error as Error);
        continue;
      }
      if (message === null) return;
      this.onmessage?.(message);
    }
  }

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.#child?.stdin;
    if (!stdin || this.#closed)
      return Promise.reject(new Error('[tp:mcp] stdio server is not running'));
    return new Promise((resolve, reject) => {
      stdin.write(serializeMessage(message), (error) => (error ? reject(error) : resolve()));
    });
  }

  async close(): Promise<void> {
    const child = this.#child;
    if (child && child.exitCode === null && child.signalCode === null) {
      await terminateGroup(child, this.options.killGraceMs ?? 2000);
    } else if (child?.pid !== undefined) {
      untrackGroup(child.pid);
    }
    this.#finish();
  }

  #finish(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#readBuffer.clear();
    this.onclose?.();
  }
}
