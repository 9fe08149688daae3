/** An entry of the in-process L1: the JSON text as Redis holds it, until `expiresAt`. */
interface LocalEntry {
  readonly json: string;
  readonly tag: string;
  readonly expiresAt: number;
}

/**
 * The optional L1 in front of the Redis cache: a small LRU of JSON texts (each hit parses its own
 * copy), never kept longer than Redis keeps the entry nor than `ttlMs`.
 */
export class LocalCache {
  private readonly entries = new Map<string, LocalEntry>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
  ) {}

  get(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.json;
  }

  set(key: string, json: string, tag: string, remainingMs: number): void {
    this.entries.delete(key);
    this.entries.set(key, { json, tag, expiresAt: Date.now() + Math.min(remainingMs, this.ttlMs) });
    if (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  deleteTag(tag: string): void {
    for (const [key, entry] of this.entries) if (entry.tag === tag) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
