import { randomUUID } from 'node:crypto';
import { createProcessor, createRegistry, defineTool, type ToolCall } from '@tp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../__fixtures__/redis-server.js';
import { createQueueExecutor, type QueueExecutor } from './queue-executor.js';
import { createQueueWorker, type QueueWorker } from './queue-worker.js';

const call = (tool: string, args: Record<string, unknown> = {}, extra: Partial<ToolCall> = {}) => ({
  id: randomUUID(),
  tool,
  arguments: args,
  ...extra,
});

describe('createQueueExecutor + createQueueWorker (one worker, in process)', () => {
  let server: RedisServer;
  let executor: QueueExecutor;
  let worker: QueueWorker;
  const started: string[] = [];

  beforeAll(async () => {
    server = await startRedisServer();
    const registry = createRegistry();
    registry.register(
      defineTool({
        name: 'echo',
        description: 'echoes, with the tenant it ran for',
        inputSchema: { type: 'object' },
        execute: (args, ctx) => {
          started.push(String(args.label));
          return { args, tenant: ctx.context.tenant, deadline: ctx.context.deadline };
        },
      }),
      defineTool({
        name: 'fail',
        description: 'always fails',
        inputSchema: { type: 'object' },
        execute: () => {
          throw new Error('no');
        },
      }),
      defineTool({
        name: 'wait',
        description: 'waits until cancelled, reporting progress',
        inputSchema: { type: 'object' },
        execute: (_args, ctx) =>
          new Promise((_, reject) => {
            ctx.reportProgress?.({ progress: 1, message: 'started' });
            ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason));
          }),
      }),
    );
    const queue = `q-${randomUUID()}`;
    worker = createQueueWorker({
      connection: server.url,
      queue,
      processor: createProcessor({ registry }),
    });
    executor = createQueueExecutor({ connection: server.url, queue });
  });
  afterAll(async () => {
    await executor?.close();
    await worker?.close();
    await server?.stop();
  });

  it('runs calls on the worker with their context; results in submission order; dependsOn holds', async () => {
    const first = call('echo', { label: 'a' });
    const failing = call('fail');
    const calls = [
      first,
      failing,
      call('echo', { label: 'after-a' }, { dependsOn: [first.id] }),
      call('echo', { label: 'after-fail' }, { dependsOn: [failing.id] }),
    ];
    const results = await executor.execute(calls, {
      context: { tenant: 'acme' },
      timeoutMs: 60_000,
    });
    expect(results.map((result) => result.callId)).toEqual(calls.map((c) => c.id));
    expect(results.map((result) => result.error?.code ?? 'ok')).toEqual([
      'ok',
      'TOOL_EXECUTION_FAILED',
      'ok',
      'DEPENDENCY_FAILED',
    ]);
    expect(results[0]?.value).toMatchObject({ tenant: 'acme', args: { label: 'a' } });
    const { deadline } = results[0]!.value as { deadline: number };
    expect(deadline).toBeGreaterThan(Date.now());
    expect(started).not.toContain('after-fail');
  });

  it('cancellation reaches a running call; progress flows back', async () => {
    const controller = new AbortController();
    const progress: unknown[] = [];
    const pending = executor.execute([call('wait')], {
      signal: controller.signal,
      onProgress: (_id, update) => {
        progress.push(update);
        controller.abort();
      },
    });
    const [result] = await pending;
    expect(result?.error?.code).toBe('TOOL_CANCELLED');
    expect(progress).toEqual([{ progress: 1, message: 'started' }]);
  });

  it('processBatch yields every result as it completes', async () => {
    const calls = Array.from({ length: 50 }, (_, index) => call('echo', { label: `b${index}` }));
    const seen: string[] = [];
    for await (const result of executor.processBatch(calls, { maxInFlight: 8 }))
      seen.push(result.callId);
    expect(seen.sort()).toEqual(calls.map((c) => c.id).sort());
  });
});
