import { randomUUID } from 'node:crypto';
import { BroadcastChannel } from 'node:worker_threads';
import type { ProgressUpdate } from '@tp/core';
import { childProgress } from '../child-progress.js';

/** How long a finished call waits for progress messages its worker sent before the result. */
const lateProgressMs = 1000;

interface Listener {
  readonly report: (update: ProgressUpdate) => void;
  received: number;
  expected: number;
  arrived?: () => void;
}

/** What a worker needs to send progress for one call (see child/npx-thread-worker.mjs). */
export interface ProgressAddress {
  readonly channel: string;
  readonly key: number;
}

/**
 * Progress from worker threads: one BroadcastChannel per thread level, each update tagged with
 * its call's key. Messages on it may arrive after the task's result (another port), so a worker
 * says in its reply how many it sent and the call waits for those before it ends.
 */
export class ProgressChannel {
  private readonly name = `tp-npx-progress-${randomUUID()}`;
  private channel: BroadcastChannel | undefined;
  private readonly listeners = new Map<number, Listener>();
  private nextKey = 1;

  /** Listens for one call's progress until `finish`. */
  open(report: (update: ProgressUpdate) => void): ProgressAddress {
    this.channel ??= this.listen();
    const key = this.nextKey++;
    this.listeners.set(key, { report, received: 0, expected: 0 });
    return { channel: this.name, key };
  }

  /** Waits (briefly) for the `sent` updates the worker reported, then stops listening. */
  async finish(key: number, sent: number): Promise<void> {
    const listener = this.listeners.get(key);
    if (listener && listener.received < sent) {
      listener.expected = sent;
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        listener.arrived = resolve;
        timer = setTimeout(resolve, lateProgressMs);
      });
      clearTimeout(timer);
    }
    this.listeners.delete(key);
  }

  close(): void {
    this.channel?.close();
    this.channel = undefined;
    this.listeners.clear();
  }

  private listen(): BroadcastChannel {
    const channel = new BroadcastChannel(this.name);
    channel.unref();
    channel.onmessage = (event) => {
      const { key, update } = (event as { data: { key?: unknown; update?: unknown } }).data;
      const listener = typeof key === 'number' ? this.listeners.get(key) : undefined;
      if (!listener) return;
      listener.received++;
      const clean = childProgress(update);
      if (clean) listener.report(clean);
      if (listener.expected > 0 && listener.received >= listener.expected) listener.arrived?.();
    };
    return channel;
  }
}
