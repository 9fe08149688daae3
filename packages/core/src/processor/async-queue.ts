/** A minimal unbounded push/pull queue that turns callbacks into an AsyncIterable. */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private readonly waiting: Array<(result: IteratorResult<T>) => void> = [];
  private readonly drainWaiters: Array<{ limit: number; resolve: () => void }> = [];
  private done = false;
  private discarded = false;
  private failure: { error: unknown } | undefined;

  /** Items pushed and not yet taken by the consumer. */
  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    if (this.discarded) return;
    const waiter = this.waiting.shift();
    if (waiter) waiter({ value: item, done: false });
    else this.items.push(item);
  }

  end(error?: unknown): void {
    this.done = true;
    if (error !== undefined) this.failure = { error };
    for (const waiter of this.waiting.splice(0)) waiter({ value: undefined as never, done: true });
  }

  /** The consumer left: drops what it will never read, now and later, and releases every waiter. */
  discard(): void {
    this.discarded = true;
    this.items.length = 0;
    this.wakeDrainWaiters();
  }

  /** Resolves once the consumer has taken enough that at most `limit` items wait (backpressure). */
  drained(limit: number): Promise<void> {
    if (this.items.length <= limit) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push({ limit, resolve }));
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.items.length > 0) {
          const value = this.items.shift()!;
          this.wakeDrainWaiters();
          return Promise.resolve({ value, done: false });
        }
        if (this.failure) return Promise.reject(this.failure.error);
        if (this.done) return Promise.resolve({ value: undefined as never, done: true });
        return new Promise((resolve) => this.waiting.push(resolve));
      },
    };
  }

  private wakeDrainWaiters(): void {
    if (this.drainWaiters.length === 0) return;
    const size = this.items.length;
    for (let i = this.drainWaiters.length - 1; i >= 0; i--) {
      const waiter = this.drainWaiters[i]!;
      if (size <= waiter.limit) {
        this.drainWaiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }
}
