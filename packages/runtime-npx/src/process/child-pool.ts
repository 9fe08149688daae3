import { TpError } from '@tp/core';
import { NodeChild } from './node-child.js';

/** How to start a child of one sandbox profile. */
export interface ChildSpec {
  readonly key: string;
  readonly command: { readonly command: string; readonly args: readonly string[] };
  readonly env: Readonly<Record<string, string>>;
}

export interface ChildPoolOptions {
  /** Live children at most, over all profiles. */
  readonly size: number;
  /** A child is replaced after this many calls. */
  readonly maxCallsPerChild: number;
  /** A child idle this long is stopped. */
  readonly idleMs: number;
}

/** Room for the answer to a warm-up request (`null`, or what went wrong). */
const primeReplyBytes = 64 * 1024;

interface Waiter {
  readonly spec: ChildSpec;
  /** False when the caller gave up meanwhile (the child then goes back to the pool). */
  readonly resolve: (child: NodeChild) => boolean;
  readonly reject: (error: unknown) => void;
}

/**
 * Children per sandbox profile (a tool's file, grants and limits), `size` in all. A call takes an
 * idle child of its profile; otherwise a new one starts, replacing the oldest idle child of
 * another profile when the pool is full; otherwise the call waits (backpressure, arrival order).
 * A child that crashed, was killed, served `maxCallsPerChild` calls or idled `idleMs` is replaced.
 */
export class ChildPool {
  private readonly idle: NodeChild[] = [];
  private readonly all = new Set<NodeChild>();
  private readonly waiters: Waiter[] = [];
  private starting = 0;
  private disposed = false;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: ChildPoolOptions) {
    this.sweeper = setInterval(() => this.sweepIdle(), Math.max(1000, options.idleMs / 4));
    this.sweeper.unref();
  }

  get pids(): number[] {
    return [...this.all].flatMap((child) => (child.pid === undefined ? [] : [child.pid]));
  }

  /**
   * Starts up to `count` spare children of a profile now (bounded by the pool size), each sent
   * `prime` (e.g. "import the tool") before it becomes idle.
   */
  async warmup(spec: ChildSpec, count: number, prime: Record<string, unknown>): Promise<void> {
    const starts: Promise<void>[] = [];
    for (let index = 0; index < count && this.hasRoom(); index++) {
      starts.push(
        this.start(spec).then(async (child) => {
          try {
            await child.run(prime, primeReplyBytes);
          } catch {
            // A child that cannot import the tool fails its first call the same way.
          }
          this.release(child);
        }),
      );
    }
    await Promise.all(starts);
  }

  acquire(spec: ChildSpec, signal: AbortSignal): Promise<NodeChild> {
    if (this.disposed) return Promise.reject(disposedError());
    // The most recently used child first: it is the warmest, and the others can idle out.
    const index = this.idle.findLastIndex((child) => child.key === spec.key);
    if (index >= 0) return Promise.resolve(this.idle.splice(index, 1)[0] as NodeChild);
    return new Promise<NodeChild>((resolve, reject) => {
      let aborted = false;
      const onAbort = () => {
        aborted = true;
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        reject(signal.reason);
      };
      const waiter: Waiter = {
        spec,
        resolve: (child) => {
          signal.removeEventListener('abort', onAbort);
          resolve(child);
          return !aborted;
        },
        reject: (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.serveWaiters();
    });
  }

  /** Returns a child after a call that ended normally. */
  release(child: NodeChild): void {
    if (!this.all.has(child)) return;
    child.idleSince = Date.now();
    if (this.disposed || !child.alive || child.calls >= this.options.maxCallsPerChild) {
      this.discard(child);
      return;
    }
    const at = this.waiters.findIndex((waiter) => waiter.spec.key === child.key);
    if (at >= 0) {
      const [waiter] = this.waiters.splice(at, 1);
      if (waiter?.resolve(child)) return;
    }
    this.idle.push(child);
    this.serveWaiters();
  }

  /** Kills a child (hung, over a limit, cancelled, crashed) and lets a waiter have its place. */
  discard(child: NodeChild): void {
    if (this.remove(child)) this.serveWaiters();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearInterval(this.sweeper);
    for (const waiter of this.waiters.splice(0)) waiter.reject(disposedError());
    this.idle.length = 0;
    const children = [...this.all];
    this.all.clear();
    await Promise.all(children.map((child) => child.kill()));
  }

  private hasRoom(): boolean {
    return this.all.size + this.starting < this.options.size;
  }

  /** Starts children for waiters that have none coming, making room from other profiles' idle ones. */
  private remove(child: NodeChild): boolean {
    if (!this.all.delete(child)) return false;
    const at = this.idle.indexOf(child);
    if (at >= 0) this.idle.splice(at, 1);
    void child.kill();
    return true;
  }

  /**
   * Starts a child for each waiter, oldest first, while there is room; makes room by stopping
   * an idle child of another profile (no waiter wants it: release() hands children to waiters).
   */
  private serveWaiters(): void {
    while (!this.disposed && this.waiters.length > 0) {
      if (!this.hasRoom()) {
        const victim = this.idle[0];
        if (!victim) return;
        this.remove(victim);
        continue;
      }
      const waiter = this.waiters.shift() as Waiter;
      this.start(waiter.spec).then((child) => {
        if (this.disposed) this.discard(child);
        else if (!waiter.resolve(child)) this.release(child);
      }, waiter.reject);
    }
  }

  private async start(spec: ChildSpec): Promise<NodeChild> {
    this.starting++;
    const child = new NodeChild(spec.key, spec.command, spec.env, (dead) => this.discard(dead));
    try {
      await child.ready;
    } catch (cause) {
      await child.kill();
      throw new TpError({
        code: 'RUNTIME_UNAVAILABLE',
        message: `[tp:runtime-npx] a child failed to start: ${describe(cause)}`,
        cause,
      });
    } finally {
      this.starting--;
    }
    this.all.add(child);
    return child;
  }

  private sweepIdle(): void {
    const now = Date.now();
    for (const child of [...this.idle]) {
      if (now - child.idleSince >= this.options.idleMs) this.discard(child);
    }
  }
}

function disposedError(): TpError {
  return new TpError({
    code: 'RUNTIME_UNAVAILABLE',
    message: '[tp:runtime-npx] the npx runtime was disposed',
  });
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const stderr = (error as { stderr?: string }).stderr;
    return stderr ? `${error.message}: ${stderr.trim()}` : error.message;
  }
  return String(error);
}
