import { GuestStop } from './guest-failures.js';

/**
 * What the host imports of one warm instance write to during the current call: its log lines and
 * captured stdout/stderr, all counted against the call's output limit.
 */
export class CallIo {
  readonly logs: string[] = [];
  stdout = '';
  stderr = '';
  private used = 0;
  private readonly decoder = new TextDecoder();

  constructor(readonly outputBytes: number) {}

  /** Counts `bytes` of output; stops the guest when the call's limit is passed. */
  count(bytes: number): void {
    this.used += bytes;
    if (this.used > this.outputBytes) {
      throw new GuestStop({ kind: 'output', limit: this.outputBytes });
    }
  }

  log(message: string): void {
    this.count(Buffer.byteLength(message));
    this.logs.push(message);
  }

  write(stream: 'stdout' | 'stderr', bytes: Uint8Array): void {
    this.count(bytes.length);
    this[stream] += this.decoder.decode(bytes);
  }
}
