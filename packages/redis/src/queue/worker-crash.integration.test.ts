import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../__fixtures__/redis-server.js';
import { startWorker, type WorkerProcess } from '../__fixtures__/worker-process.js';
import { createQueueExecutor, type QueueExecutor } from './queue-executor.js';

describe('queue workers in their own processes', () => {
  let server: RedisServer;
  const workers: WorkerProcess[] = [];
  const executors: QueueExecutor[] = [];
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterEach(async () => {
    await Promise.all(executors.splice(0).map((executor) => executor.close()));
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
  });
  afterAll(async () => {
    await server?.stop();
  });

  const setUp = (queue: string, lockMs: number) => {
    const executor = createQueueExecutor({ connection: server.url, queue });
    executors.push(executor);
    const start = async (env: Record<string, string> = {}) => {
      const worker = await startWorker({
        REDIS_URL: server.url,
        QUEUE: queue,
        LOCK_MS: String(lockMs),
        ...env,
      });
      workers.push(worker);
      return worker;
    };
    return { executor, start };
  };

  it('2,000 calls over 3 workers, one killed halfway: exactly 2,000 results', async () => {
    const { executor, start } = setUp(`q-${randomUUID()}`, 1000);
    const pool = await Promise.all([1, 2, 3].map(() => start({ CONCURRENCY: '8' })));
    const calls = Array.from({ length: 2000 }, (_, n) => ({
      id: `call-${n}`,
      tool: 'work',
      arguments: { n, ms: 2 },
    }));
    let finished = 0;
    let killed = false;
    const results = [];
    for await (const result of executor.processBatch(calls, { maxInFlight: 200 })) {
      results.push(result);
      if (++finished === 1000 && !killed) {
        killed = true;
        await pool[0]!.kill();
      }
    }
    expect(results).toHaveLength(2000);
    expect(new Set(results.map((result) => result.callId)).size).toBe(2000);
    expect(results.every((result) => result.ok)).toBe(true);
    const byWorker = new Set(results.map((result) => (result.value as { pid: number }).pid));
    expect(byWorker.size).toBe(3);
    // 2,000 calls through 4 processes and redis-server: minutes on a 2-core machine under load.
  }, 180_000);

  it('a call whose worker died mid-call runs again only when its tool is idempotent', async () => {
    const { executor, start } = setUp(`q-${randomUUID()}`, 600);
    const stuck = await start({ HANG: '1', CONCURRENCY: '2' });
    const running = new Set<string>();
    const pending = executor.execute(
      [
        { id: 'idempotent', tool: 'work', arguments: {} },
        { id: 'charge', tool: 'charge', arguments: {} },
      ],
      { onProgress: (callId) => running.add(callId) },
    );
    while (running.size < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    await stuck.kill();
    const rescuer = await start();
    const [repeated, interrupted] = await pending;
    expect(repeated).toMatchObject({ ok: true, value: { pid: rescuer.pid } });
    expect(interrupted?.error).toMatchObject({ code: 'QUEUE_CALL_INTERRUPTED' });
    expect(interrupted?.error?.message).toContain('not idempotent');
  });
});
