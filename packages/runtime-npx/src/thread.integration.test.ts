import { describe, expect, it } from 'vitest';
import { fixtureTool, useNpxRuntimes } from './__fixtures__/npx-test-runtimes.js';

// The thread level (trusted code): what it does enforce, with real piscina workers.
const { setup } = useNpxRuntimes();
const tool = (name: string, permissions?: Parameters<typeof fixtureTool>[2], as = name) =>
  fixtureTool('escapes.mjs', name, permissions, as);

describe('thread level', () => {
  it('gives a worker only the env names the tool lists', async () => {
    process.env.TP_NPX_SECRET = 'hunter2';
    try {
      const { run } = setup(
        [tool('readEnv'), tool('readEnv', { env: ['TP_NPX_SECRET'] }, 'allowed')],
        {
          sandbox: 'thread',
        },
      );
      expect(await run('readEnv', { name: 'TP_NPX_SECRET' })).toMatchObject({
        ok: true,
        value: null,
      });
      expect(await run('allowed', { name: 'TP_NPX_SECRET' })).toMatchObject({
        ok: true,
        value: 'hunter2',
      });
    } finally {
      delete process.env.TP_NPX_SECRET;
    }
  });

  it('stops a loop at timeMs, a heap bomb at memoryMb and output at outputBytes', async () => {
    const { run } = setup(
      [
        tool('loop', { timeMs: 300 }),
        tool('heapBomb', { memoryMb: 64 }),
        tool('hugeResult', { outputBytes: 1024 }),
        tool('hugeStdout', { outputBytes: 1024 }),
        tool('echo'),
      ],
      { sandbox: 'thread' },
    );
    expect((await run('loop')).error).toMatchObject({
      code: 'TOOL_TIMEOUT',
      details: { value: 300 },
    });
    expect((await run('heapBomb')).error).toMatchObject({
      code: 'TOOL_RESOURCE_EXHAUSTED',
      details: { limit: 'memory', value: 64 },
    });
    for (const name of ['hugeResult', 'hugeStdout']) {
      expect((await run(name)).error).toMatchObject({
        code: 'TOOL_RESOURCE_EXHAUSTED',
        details: { limit: 'output', value: 1024 },
      });
    }
    expect(await run('echo', { text: 'still here' })).toMatchObject({
      ok: true,
      value: 'still here',
    });
  });

  it('warms a worker up with the tool imported', async () => {
    const { runtime, run } = setup([tool('echo')], { sandbox: 'thread' });
    await runtime.warmup([tool('echo')]);
    expect(runtime.health?.()).toMatchObject({ status: 'ready', details: { threadPools: 1 } });
    expect(await run('echo', { text: 'warm' })).toMatchObject({ ok: true, value: 'warm' });
  });
});
