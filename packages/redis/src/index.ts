// @tp/redis: every @tp/core store contract on Redis, shared by many processes.
export {
  createRedisStores,
  type RedisStores,
  type RedisStoresOptions,
} from './create-redis-stores.js';
export {
  createQueueExecutor,
  type QueueBatchOptions,
  type QueueExecuteOptions,
  type QueueExecutor,
  type QueueExecutorOptions,
} from './queue/queue-executor.js';
export {
  QUEUE_CALL_INTERRUPTED,
  QUEUE_JOB_FAILED,
  type QueueConnection,
} from './queue/queue-job.js';
export {
  createQueueWorker,
  type QueueWorker,
  type QueueWorkerOptions,
} from './queue/queue-worker.js';
export type { LocalCacheOptions } from './stores/redis-cache-store.js';
