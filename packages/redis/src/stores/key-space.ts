/** Where each store keeps its data under the prefix (docs/redis.md: key layout). */
export interface KeySpace {
  readonly rateLimit: (key: string) => string;
  readonly circuit: (key: string) => string;
  readonly slot: (key: string) => string;
  readonly cacheEntry: (key: string) => string;
  readonly cacheTagPrefix: string;
  readonly counter: (key: string) => string;
  readonly snapshot: (name: string) => string;
  readonly slotReleasedChannel: string;
  readonly cacheInvalidatedChannel: string;
}

export function keySpace(prefix: string): KeySpace {
  return {
    rateLimit: (key) => `${prefix}rl:${key}`,
    circuit: (key) => `${prefix}cb:${key}`,
    slot: (key) => `${prefix}slot:${key}`,
    cacheEntry: (key) => `${prefix}cache:${key}`,
    cacheTagPrefix: `${prefix}tag:`,
    counter: (key) => `${prefix}count:${key}`,
    snapshot: (name) => `${prefix}snap:${name}`,
    slotReleasedChannel: `${prefix}events:slot-released`,
    cacheInvalidatedChannel: `${prefix}events:cache-invalidated`,
  };
}
