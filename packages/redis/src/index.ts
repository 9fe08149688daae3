// @tp/redis: every @tp/core store contract on Redis, shared by many processes.
export {
  createRedisStores,
  type RedisStores,
  type RedisStoresOptions,
} from './create-redis-stores.js';
export type { LocalCacheOptions } from './stores/redis-cache-store.js';
