import { createProcessor, createRegistry } from '@tp/core';
import { afterAll, describe, expect, it } from 'vitest';
import { processAlive } from './__fixtures__/process-alive.js';
import { createTclRuntime } from './create-tcl-runtime.js';
import { defineTclTool } from './define-tcl-tool.js';

// Real tclsh: Tcl tools registered with their runtime run without `runtimes`, two pools of one
// kind with different limits coexist, and the runtime belongs to whoever created it.
const strict = createTclRuntime({ poolSize: 1, limits: { commands: 10_000 } });
const roomy = createTclRuntime({ poolSize: 1 });
const loop = (name: string) =>
  defineTclTool({
    name,
    description: name,
    script: 'for {set i 0} {$i < 20000} {incr i} {}; return $i',
  });

afterAll(async () => {
  await Promise.all([strict.dispose(), roomy.dispose()]);
});

describe('Tcl runtimes bound at registration', () => {
  it('runs each tool on the pool it was registered with, limits included, without `runtimes`', async () => {
    const registry = createRegistry();
    registry.register([loop('strict_loop')], { runtime: strict });
    registry.register([loop('roomy_loop')], { runtime: roomy });
    const processor = createProcessor({ registry, timeoutMs: 60_000 });
    const [limited, finished] = await processor.execute([
      { id: 's', tool: 'strict_loop', arguments: {} },
      { id: 'r', tool: 'roomy_loop', arguments: {} },
    ]);
    expect(limited).toMatchObject({
      ok: false,
      runtime: 'tcl',
      error: { code: 'TOOL_RESOURCE_EXHAUSTED', details: { limit: 'commands' } },
    });
    expect(finished).toMatchObject({ ok: true, value: '20000', runtime: 'tcl' });
    const [strictPids, roomyPids] = [strict.workerPids(), roomy.workerPids()];
    expect(strictPids).toHaveLength(1);
    expect(roomyPids).toHaveLength(1);
    expect(strictPids).not.toEqual(roomyPids);
    await processor.close();
  });

  it('two processors share the pool; closing them leaves it to its owner, who disposes it', async () => {
    const own = createTclRuntime({ poolSize: 1 });
    const registry = createRegistry();
    registry.register([loop('shared_loop')], { runtime: own });
    const first = createProcessor({ registry, timeoutMs: 60_000 });
    const second = createProcessor({ registry, timeoutMs: 60_000 });
    const call = [{ id: '1', tool: 'shared_loop', arguments: {} }];
    expect(await first.execute(call)).toMatchObject([{ ok: true }]);
    const pids = own.workerPids();
    expect(pids).toHaveLength(1);
    await first.close();
    expect(await second.execute(call)).toMatchObject([{ ok: true, value: '20000' }]);
    await second.close();
    expect(own.workerPids()).toEqual(pids);
    expect(pids.every(processAlive)).toBe(true);
    expect((await own.health?.())?.status).toBe('ready');
    await own.dispose();
    expect(pids.filter(processAlive)).toEqual([]);
  });
});
