import { describe, expect, it, vi } from 'vitest';
import type { ToolRuntimeV1 } from '../contracts/runtime/v1/tool-runtime-v1.js';
import { createToolDefinition } from '../define-tool.js';
import { createRegistry } from '../registry/registry.js';
import { createProcessor } from './create-processor.js';

/** A runtime of kind `fake` that answers with its own label, so a test sees which one ran. */
function labelledRuntime(label: string, health?: ToolRuntimeV1['health']) {
  const runtime: ToolRuntimeV1 = {
    specificationVersion: 'v1',
    kind: 'fake',
    capabilities: () => ({ cancellation: false, progress: false, isolation: 'remote' }),
    load: (definition) => ({ definition, handle: definition.source }),
    execute: async (loaded) => `${label}:${String(loaded.handle)}`,
    dispose: vi.fn(async () => {}),
    ...(health ? { health } : {}),
  };
  return runtime;
}

function fakeTool(name: string) {
  return createToolDefinition({
    name,
    description: '',
    inputSchema: { type: 'object' },
    runtime: 'fake',
    source: name,
  });
}

const call = (tool: string) => ({ id: tool, tool, arguments: {} });

describe('runtimes bound at registration', () => {
  it('runs a tool on the runtime it was registered with, without listing it again', async () => {
    const registry = createRegistry();
    registry.register([fakeTool('a')], { runtime: labelledRuntime('bound') });
    const processor = createProcessor({ registry });
    const [result] = await processor.process(call('a'));
    expect(result).toMatchObject({ ok: true, value: 'bound:a', runtime: 'fake' });
  });

  it('keeps several runtimes of one kind apart, each running its own tools', async () => {
    const registry = createRegistry();
    registry.register([fakeTool('a')], { runtime: labelledRuntime('first') });
    registry.register([fakeTool('b')], { runtime: labelledRuntime('second') });
    const processor = createProcessor({ registry });
    const results = await processor.execute([call('a'), call('b')]);
    expect(results.map((result) => result.value)).toEqual(['first:a', 'second:b']);
  });

  it('lets `runtimes` override the bound runtime of that kind', async () => {
    const registry = createRegistry();
    registry.register([fakeTool('a')], { runtime: labelledRuntime('bound') });
    const processor = createProcessor({ registry, runtimes: [labelledRuntime('override')] });
    const [result] = await processor.process(call('a'));
    expect(result?.value).toBe('override:a');
  });

  it('answers RUNTIME_UNAVAILABLE, saying how to bind one, for an unbound tool of an unknown kind', async () => {
    const registry = createRegistry();
    registry.register(fakeTool('a'));
    const [result] = await createProcessor({ registry }).process(call('a'));
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'RUNTIME_UNAVAILABLE',
        message: expect.stringContaining('registry.register(tools, { runtime })'),
        details: { runtime: 'fake', configured: ['in-process'] },
      },
    });
  });

  it('finds a runtime bound after the processor was created (tools arriving at run time)', async () => {
    const registry = createRegistry();
    const processor = createProcessor({ registry });
    registry.register([fakeTool('late')], { runtime: labelledRuntime('late') });
    const [result] = await processor.process(call('late'));
    expect(result?.value).toBe('late:late');
  });
});

describe('runtime ownership', () => {
  it('close() disposes the runtimes given in `runtimes`, never the ones bound in the registry', async () => {
    const registry = createRegistry();
    const bound = labelledRuntime('bound');
    const given = labelledRuntime('given');
    registry.register([fakeTool('a')], { runtime: bound });
    const owner = createProcessor({ registry, runtimes: [given] });
    await owner.close();
    expect(given.dispose).toHaveBeenCalledTimes(1);
    expect(bound.dispose).not.toHaveBeenCalled();
  });

  it('two processors share a bound runtime: closing one leaves the other working', async () => {
    const registry = createRegistry();
    const shared = labelledRuntime('shared');
    registry.register([fakeTool('a')], { runtime: shared });
    const first = createProcessor({ registry });
    const second = createProcessor({ registry });
    await first.close();
    const [result] = await second.process(call('a'));
    expect(result).toMatchObject({ ok: true, value: 'shared:a' });
    expect(shared.dispose).not.toHaveBeenCalled();
    await second.close();
    expect(shared.dispose).not.toHaveBeenCalled();
  });

  it('a runtime given to two processors in `runtimes` is disposed by the first close()', async () => {
    const given = labelledRuntime('given');
    const first = createProcessor({ registry: createRegistry(), runtimes: [given] });
    const second = createProcessor({ registry: createRegistry(), runtimes: [given] });
    await first.close();
    expect(given.dispose).toHaveBeenCalledTimes(1);
    await second.close();
    expect(given.dispose).toHaveBeenCalledTimes(2);
  });
});

describe('processor.health()', () => {
  it('asks every runtime it can use; ready only when all are', async () => {
    const registry = createRegistry();
    registry.register([fakeTool('a')], {
      runtime: labelledRuntime('up', () => ({ status: 'ready', details: { workers: 2 } })),
    });
    const healthy = createProcessor({ registry });
    expect(await healthy.health()).toEqual({
      status: 'ready',
      runtimes: [
        { kind: 'fake', status: 'ready', details: { workers: 2 } },
        { kind: 'in-process', status: 'ready' },
      ],
    });
    registry.register([fakeTool('b')], {
      runtime: labelledRuntime('broken', async () => {
        throw new Error('no workers');
      }),
    });
    expect(await healthy.health()).toMatchObject({
      status: 'degraded',
      runtimes: [
        { status: 'ready' },
        { kind: 'fake', status: 'down', details: { error: 'no workers' } },
        { kind: 'in-process', status: 'ready' },
      ],
    });
  });
});

describe('processor.health() bound in time', () => {
  it('counts a runtime whose health() does not answer in time as down', async () => {
    const registry = createRegistry();
    registry.register([fakeTool('a')], {
      runtime: labelledRuntime('hung', () => new Promise(() => {})),
    });
    const health = await createProcessor({ registry }).health({ timeoutMs: 20 });
    expect(health).toMatchObject({
      status: 'degraded',
      runtimes: [
        {
          kind: 'fake',
          status: 'down',
          details: { error: 'health() did not answer within 20 ms' },
        },
        { kind: 'in-process', status: 'ready' },
      ],
    });
  });
});

describe('a registry implemented without the binding methods (before 1.1)', () => {
  it('binds nothing: a tool of another kind is unavailable, health lists the own runtime', async () => {
    const real = createRegistry();
    real.register(fakeTool('a'));
    const { runtimeOf: _runtimeOf, runtimes: _runtimes, ...legacy } = real;
    const processor = createProcessor({ registry: legacy as never });
    const [result] = await processor.process(call('a'));
    expect(result).toMatchObject({ ok: false, error: { code: 'RUNTIME_UNAVAILABLE' } });
    expect((await processor.health()).runtimes).toEqual([{ kind: 'in-process', status: 'ready' }]);
  });
});
