import {
  createRedisStores,
  type RedisStores,
  type RedisStoresOptions,
} from '../create-redis-stores.js';

/**
 * One store of a fresh store set, whose dispose() closes that set's connections (the conformance
 * suite disposes each store it makes).
 */
export function oneStore<
  Name extends 'cache' | 'rateLimit' | 'circuit' | 'bulkhead' | 'counters' | 'snapshots',
>(name: Name, options: () => RedisStoresOptions) {
  return ({ prefix }: { prefix: string }): RedisStores[Name] & { dispose(): Promise<void> } => {
    const stores = createRedisStores({ ...options(), prefix });
    return { ...stores[name], dispose: stores.dispose };
  };
}
