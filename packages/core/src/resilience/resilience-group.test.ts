import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createToolDefinition } from '../define-tool.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { TpEvent } from '../events/event-bus.js';
import { createProcessor } from '../processor/create-processor.js';
import { createRegistry } from '../registry/registry.js';
import { countingTool, delay, harness } from './__fixtures__/resilience-harness.js';

const breaker = { failureThreshold: 2, windowMs: 10_000, resetTimeoutMs: 5000 };

function failing(name: string, group?: string) {
  return countingTool(
    name,
    () => {
      throw new Error('down');
    },
    group ? { resilienceGroup: group } : {},
  ).tool;
}

function working(name: string, group?: string) {
  return countingTool(name, () => 'up', group ? { resilienceGroup: group } : {}).tool;
}

describe('resilience groups: circuit breaker', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('one failing tool opens the breaker of its whole group; other groups and ungrouped tools run', async () => {
    const keys: string[] = [];
    const { run } = harness(
      {
        circuitBreaker: breaker,
        onEvent: (event: TpEvent) => {
          if (event.type === 'circuit:state-change') keys.push(`${event.key} ${event.to}`);
        },
      },
      failing('broken', 'srv'),
      working('sibling', 'srv'),
      working('elsewhere', 'other'),
      working('loner'),
    );
    for (let i = 0; i < 2; i++) {
      expect((await run('broken')).error?.code).toBe('TOOL_EXECUTION_FAILED');
    }
    const refused = await run('sibling');
    expect(refused.error).toMatchObject({
      code: 'TOOL_CIRCUIT_OPEN',
      retryAfterMs: 5000,
      details: { state: 'open', group: 'srv' },
    });
    expect(refused.error?.message).toContain('group "srv"');
    expect(refused.attempts).toBe(0);
    expect((await run('elsewhere')).ok).toBe(true);
    expect((await run('loner')).ok).toBe(true);
    expect(keys).toEqual(['group:srv open']);

    vi.advanceTimersByTime(5000);
    expect((await run('sibling')).ok).toBe(true);
    expect(keys).toEqual(['group:srv open', 'group:srv half_open', 'group:srv closed']);
  });

  it('an ungrouped tool keeps a breaker of its own', async () => {
    const { run } = harness({ circuitBreaker: breaker }, failing('a'), working('b'));
    await run('a');
    await run('a');
    const refused = await run('a');
    expect(refused.error).toMatchObject({ code: 'TOOL_CIRCUIT_OPEN', details: { state: 'open' } });
    expect(refused.error?.details).not.toHaveProperty('group');
    expect((await run('b')).ok).toBe(true);
  });

  it('a per-tool circuitBreaker entry gives that tool its own breaker with its own policy', async () => {
    const { run } = harness(
      {
        circuitBreaker: breaker,
        tools: { 'default.sibling': { circuitBreaker: { failureThreshold: 10 } } },
      },
      failing('broken', 'srv'),
      working('sibling', 'srv'),
      working('cousin', 'srv'),
    );
    await run('broken');
    await run('broken');
    expect((await run('cousin')).error?.code).toBe('TOOL_CIRCUIT_OPEN');
    expect((await run('sibling')).ok).toBe(true);
  });

  it('a per-tool `false` turns the breaker off for that tool only', async () => {
    const { run } = harness(
      { circuitBreaker: breaker, tools: { sibling: { circuitBreaker: false } } },
      failing('broken', 'srv'),
      working('sibling', 'srv'),
    );
    await run('broken');
    await run('broken');
    expect((await run('broken')).error?.code).toBe('TOOL_CIRCUIT_OPEN');
    expect((await run('sibling')).ok).toBe(true);
  });

  it('an explicit key function wins over the group', async () => {
    const { run } = harness(
      { circuitBreaker: { ...breaker, key: (tool) => tool.name } },
      failing('broken', 'srv'),
      working('sibling', 'srv'),
    );
    await run('broken');
    await run('broken');
    expect((await run('broken')).error?.code).toBe('TOOL_CIRCUIT_OPEN');
    expect((await run('sibling')).ok).toBe(true);
  });
});

describe('resilience groups: bulkhead', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Tools of one group sharing a running counter, so the peak covers the whole group. */
  function grouped(group: string | { name: string; maxConcurrency?: number }, names: string[]) {
    const shared = { running: 0, peak: 0 };
    const tools = names.map(
      (name) =>
        countingTool(
          name,
          async (n, _args, ctx) => {
            shared.peak = Math.max(shared.peak, ++shared.running);
            try {
              await delay(100, ctx.signal);
              return n;
            } finally {
              shared.running--;
            }
          },
          { resilienceGroup: group },
        ).tool,
    );
    return { shared, tools };
  }
  const batch = (...names: string[]) =>
    names.map((tool, index) => ({ id: `${tool}-${index}`, tool, arguments: {} }));

  it.each([
    ['with an empty bulkhead section', { bulkhead: {} }],
    ['without any bulkhead section', {}],
  ])("the group's maxConcurrency limits all its tools together (%s)", async (_label, options) => {
    const { shared, tools } = grouped({ name: 'srv', maxConcurrency: 1 }, ['a', 'b']);
    const { processor } = harness(options, ...tools);
    const pending = processor.execute(batch('a', 'b', 'a', 'b'));
    await vi.advanceTimersByTimeAsync(400);
    const results = await pending;
    expect(results.every((result) => result.ok)).toBe(true);
    expect(shared.peak).toBe(1);
  });

  it('bulkhead.groups wins over the group’s own maxConcurrency', async () => {
    const { shared, tools } = grouped({ name: 'srv', maxConcurrency: 1 }, ['a', 'b']);
    const { processor } = harness({ bulkhead: { groups: { srv: 3 } } }, ...tools);
    const pending = processor.execute(batch('a', 'b', 'a', 'b'));
    await vi.advanceTimersByTimeAsync(200);
    const results = await pending;
    expect(results.every((result) => result.ok)).toBe(true);
    expect(shared.peak).toBe(3);
  });

  it('a full group refuses with BULKHEAD_FULL while another group runs', async () => {
    const full = grouped({ name: 'srv', maxConcurrency: 1 }, ['a', 'b']);
    const free = grouped('other', ['c']);
    const { processor } = harness({ bulkhead: { queueSize: 0 } }, ...full.tools, ...free.tools);
    const pending = processor.execute(batch('a', 'b', 'c', 'c'));
    await vi.advanceTimersByTimeAsync(100);
    const results = await pending;
    expect(results.map((result) => result.error?.code)).toEqual([
      undefined,
      'BULKHEAD_FULL',
      undefined,
      undefined,
    ]);
    expect(free.shared.peak).toBe(2);
  });

  it('a group without a limit adds none', async () => {
    const { shared, tools } = grouped('srv', ['a', 'b']);
    const { processor } = harness({ bulkhead: {} }, ...tools);
    const pending = processor.execute(batch('a', 'b', 'a'));
    await vi.advanceTimersByTimeAsync(100);
    await pending;
    expect(shared.peak).toBe(3);
  });
});

describe('resilience groups: configuration', () => {
  const fieldOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      return (error as ConfigurationError).field;
    }
    throw new Error('expected a ConfigurationError');
  };
  const define = (resilienceGroup: unknown) =>
    createToolDefinition({
      name: 't',
      description: '',
      inputSchema: { type: 'object' },
      runtime: 'x',
      source: null,
      resilienceGroup: resilienceGroup as string,
    });

  it('names a bad bulkhead.groups limit', () => {
    expect(
      fieldOf(() =>
        createProcessor({ registry: createRegistry(), bulkhead: { groups: { s: 0 } } }),
      ),
    ).toBe('bulkhead.groups.s');
  });

  it('normalises and validates a tool’s resilienceGroup', () => {
    expect(define('srv').resilienceGroup).toEqual({ name: 'srv' });
    expect(define({ name: 'srv', maxConcurrency: 2 }).resilienceGroup).toEqual({
      name: 'srv',
      maxConcurrency: 2,
    });
    expect(Object.isFrozen(define('srv').resilienceGroup)).toBe(true);
    expect(fieldOf(() => define(''))).toBe('tool "t".resilienceGroup');
    expect(fieldOf(() => define({ name: 'srv', maxConcurrency: 1.5 }))).toBe(
      'tool "t".resilienceGroup.maxConcurrency',
    );
    expect(fieldOf(() => define(null))).toBe('tool "t".resilienceGroup');
  });
});
