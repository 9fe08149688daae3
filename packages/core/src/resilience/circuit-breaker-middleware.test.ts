import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TpError } from '../errors/tp-error.js';
import type { TpEvent } from '../events/event-bus.js';
import { countingTool, harness } from './__fixtures__/resilience-harness.js';

/** A tool that fails while `state.failing` is true. */
function switchable(name = 'remote') {
  const state = { failing: true };
  const counted = countingTool(name, () => {
    if (state.failing) throw new Error('down');
    return 'up';
  });
  return { ...counted, state };
}

describe('circuit breaker middleware', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const breaker = {
    failureThreshold: 3,
    windowMs: 10_000,
    resetTimeoutMs: 5000,
    halfOpenMaxCalls: 1,
    successThreshold: 2,
  };

  it('walks closed → open → half_open → closed, emitting every transition', async () => {
    const { tool, stats, state } = switchable();
    const transitions: string[] = [];
    const { run } = harness(
      {
        circuitBreaker: breaker,
        onEvent: (event: TpEvent) => {
          if (event.type === 'circuit:state-change') transitions.push(`${event.from}>${event.to}`);
        },
      },
      tool,
    );
    for (let i = 0; i < 3; i++)
      expect((await run('remote')).error?.code).toBe('TOOL_EXECUTION_FAILED');
    const refused = await run('remote');
    expect(refused.error).toMatchObject({ code: 'TOOL_CIRCUIT_OPEN', retryAfterMs: 5000 });
    expect(refused.attempts).toBe(0);
    expect(stats.invocations).toBe(3);

    vi.advanceTimersByTime(4999);
    expect((await run('remote')).error?.retryAfterMs).toBe(1);
    vi.advanceTimersByTime(1);
    state.failing = false;
    expect((await run('remote')).ok).toBe(true);
    expect((await run('remote')).ok).toBe(true);
    expect(transitions).toEqual(['closed>open', 'open>half_open', 'half_open>closed']);
    expect((await run('remote')).ok).toBe(true);
  });

  it('a failing probe re-opens the circuit for another resetTimeoutMs', async () => {
    const { tool } = switchable();
    const { run } = harness({ circuitBreaker: breaker }, tool);
    for (let i = 0; i < 3; i++) await run('remote');
    vi.advanceTimersByTime(5000);
    expect((await run('remote')).error?.code).toBe('TOOL_EXECUTION_FAILED');
    expect((await run('remote')).error).toMatchObject({
      code: 'TOOL_CIRCUIT_OPEN',
      retryAfterMs: 5000,
    });
  });

  it('only failures within windowMs count', async () => {
    const { tool } = switchable();
    const { run } = harness({ circuitBreaker: breaker }, tool);
    await run('remote');
    await run('remote');
    vi.advanceTimersByTime(10_000);
    // The first two fell out of the window: two more failures are not enough...
    await run('remote');
    expect((await run('remote')).error?.code).toBe('TOOL_EXECUTION_FAILED');
    // ...the third within the window opens it.
    expect((await run('remote')).error?.code).toBe('TOOL_EXECUTION_FAILED');
    expect((await run('remote')).error?.code).toBe('TOOL_CIRCUIT_OPEN');
  });

  it('half-open admits at most halfOpenMaxCalls at once', async () => {
    let release: (() => void) | undefined;
    const failing = { on: true };
    const { tool, stats } = countingTool('remote', () => {
      if (failing.on) throw new Error('down');
      return new Promise<string>((resolve) => {
        release = () => resolve('up');
      });
    });
    const { run } = harness({ circuitBreaker: { ...breaker, successThreshold: 1 } }, tool);
    for (let i = 0; i < 3; i++) await run('remote');
    vi.advanceTimersByTime(5000);
    failing.on = false;
    const probe = run('remote');
    await vi.advanceTimersByTimeAsync(0);
    expect((await run('remote')).error?.code).toBe('TOOL_CIRCUIT_OPEN');
    release?.();
    expect((await probe).ok).toBe(true);
    failing.on = true;
    // Closed again: the next call runs (and fails on its own).
    expect((await run('remote')).error?.code).toBe('TOOL_EXECUTION_FAILED');
    expect(stats.invocations).toBe(5);
  });

  it('validation, not-found and cancellation do not count as failures', async () => {
    const { tool, stats } = countingTool(
      'typed',
      () => {
        throw new TpError({ code: 'TOOL_VALIDATION_ERROR', message: 'bad input' });
      },
      { inputSchema: { type: 'object', properties: { n: { type: 'number' } } } },
    );
    const { run } = harness({ circuitBreaker: { ...breaker, failureThreshold: 1 } }, tool);
    await run('typed', { n: 'x' });
    await run('typed', { n: 1 });
    await run('typed', { n: 1 });
    expect(stats.invocations).toBe(2);
  });

  it('failure-rate mode opens once minimumCalls finished and the rate is reached', async () => {
    const { tool, state } = switchable();
    const { run } = harness(
      { circuitBreaker: { failureRateThreshold: 0.5, minimumCalls: 4, windowMs: 10_000 } },
      tool,
    );
    state.failing = false;
    await run('remote');
    await run('remote');
    state.failing = true;
    await run('remote');
    expect((await run('remote')).error?.code).toBe('TOOL_EXECUTION_FAILED');
    expect((await run('remote')).error?.code).toBe('TOOL_CIRCUIT_OPEN');
  });

  it('keys per tool by default and by a custom key function when given', async () => {
    const a = switchable('a');
    const b = switchable('b');
    const perTool = harness(
      { circuitBreaker: { ...breaker, failureThreshold: 1 } },
      a.tool,
      b.tool,
    );
    await perTool.run('a');
    expect((await perTool.run('b')).error?.code).toBe('TOOL_EXECUTION_FAILED');

    const c = switchable('c');
    const d = switchable('d');
    const shared = harness(
      { circuitBreaker: { ...breaker, failureThreshold: 1, key: () => 'server-1' } },
      c.tool,
      d.tool,
    );
    await shared.run('c');
    expect((await shared.run('d')).error?.code).toBe('TOOL_CIRCUIT_OPEN');
  });

  it('a tool can opt out, and a dry run shows an open circuit without probing it', async () => {
    const a = switchable('a');
    const b = switchable('b');
    const { run, processor } = harness(
      {
        circuitBreaker: { ...breaker, failureThreshold: 1 },
        tools: { b: { circuitBreaker: false } },
      },
      a.tool,
      b.tool,
    );
    await run('a');
    await run('b');
    expect((await run('b')).error?.code).toBe('TOOL_EXECUTION_FAILED');
    const [preview] = await processor.execute([{ id: 'p', tool: 'a', arguments: {} }], {
      dryRun: true,
    });
    expect(preview?.value).toMatchObject({ wouldRun: false, rejectedBy: 'circuit-breaker' });
    vi.advanceTimersByTime(5000);
    const [later] = await processor.execute([{ id: 'p', tool: 'a', arguments: {} }], {
      dryRun: true,
    });
    expect(later?.value).toMatchObject({ wouldRun: true });
    expect(a.stats.invocations).toBe(1);
  });
});
