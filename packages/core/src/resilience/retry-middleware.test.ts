import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallInvocation } from '../contracts/call-middleware/v1/call-middleware-v1.js';
import { TpError, toolErrorInfo } from '../errors/tp-error.js';
import type { TpEvent } from '../events/event-bus.js';
import { createEventBus } from '../events/event-bus.js';
import { failure } from '../outcomes/call-outcomes.js';
import { countingTool, delay, harness } from './__fixtures__/resilience-harness.js';
import { backoffDelay, DEFAULT_RETRY, retryMiddleware } from './retry-middleware.js';

const boom = () => {
  throw new Error('boom');
};

describe('retry middleware', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('a tool failing twice then succeeding with maxAttempts 3 → ok, attempts 3', async () => {
    const { tool, stats } = countingTool('flaky', (n) => (n <= 2 ? boom() : 'fine'));
    const { run } = harness({ retry: { maxAttempts: 3, baseDelayMs: 100 } }, tool);
    const pending = run('flaky');
    await vi.runAllTimersAsync();
    const result = await pending;
    expect(result).toMatchObject({ ok: true, value: 'fine', attempts: 3 });
    expect(stats.invocations).toBe(3);
  });

  it('gives up after maxAttempts with the last error and the exact attempt count', async () => {
    const { tool, stats } = countingTool('broken', boom);
    const { run } = harness({ retry: { maxAttempts: 4 } }, tool);
    const pending = run('broken');
    await vi.runAllTimersAsync();
    const result = await pending;
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('TOOL_EXECUTION_FAILED');
    expect(result.attempts).toBe(4);
    expect(stats.invocations).toBe(4);
  });

  it('sleeps the exponential backoff sequence, capped by maxDelayMs (jitter none)', async () => {
    const delays: number[] = [];
    const { tool } = countingTool('broken', boom);
    const { run } = harness(
      {
        retry: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 300, jitter: 'none' },
        onEvent: (event: TpEvent) => {
          if (event.type === 'retry:scheduled') delays.push(event.delayMs);
        },
      },
      tool,
    );
    const start = Date.now();
    const pending = run('broken');
    await vi.advanceTimersByTimeAsync(99);
    expect(delays).toEqual([100]);
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(200);
    await vi.advanceTimersByTimeAsync(300);
    await vi.advanceTimersByTimeAsync(300);
    const result = await pending;
    expect(delays).toEqual([100, 200, 300, 300]);
    expect(Date.now() - start).toBe(900);
    expect(result.attempts).toBe(5);
  });

  it('full jitter picks a uniformly random delay up to the backoff ceiling', () => {
    const error = { code: 'X', category: 'execution', message: '', retryable: true };
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    expect(backoffDelay({ ...DEFAULT_RETRY, baseDelayMs: 100 }, 3, error)).toBe(200);
    vi.spyOn(Math, 'random').mockReturnValue(0);
    expect(backoffDelay(DEFAULT_RETRY, 1, error)).toBe(0);
    expect(backoffDelay(DEFAULT_RETRY, 1, { ...error, retryAfterMs: 750 })).toBe(750);
  });

  it('an unknown tool is not retried: attempts 0, no backoff', async () => {
    const { tool } = countingTool('known', () => 'x');
    const { run } = harness({ retry: { maxAttempts: 5, baseDelayMs: 1000 } }, tool);
    const result = await run('unknown_tool');
    expect(result.error?.code).toBe('TOOL_NOT_FOUND');
    expect(result.attempts).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('never retries validation, guard or non-retryable errors, even when retryOn says yes', async () => {
    const { tool, stats } = countingTool('strict', () => {
      throw new TpError({ code: 'GUARD_BLOCKED', message: 'no' });
    });
    const { run } = harness({ retry: { maxAttempts: 3, retryOn: () => true } }, tool);
    const blocked = await run('strict');
    expect(blocked.error?.code).toBe('GUARD_BLOCKED');
    expect(blocked.attempts).toBe(1);
    expect(stats.invocations).toBe(1);

    const fatal = countingTool('fatal', () => {
      throw new TpError({ code: 'BAD', message: 'no', retryable: false });
    });
    const other = harness({ retry: { maxAttempts: 3 } }, fatal.tool);
    expect((await other.run('fatal')).attempts).toBe(1);
  });

  it('a validation error never reaches the runtime or the retry loop', async () => {
    const { tool, stats } = countingTool('typed', () => 'x', {
      inputSchema: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] },
    });
    const { run } = harness({ retry: { maxAttempts: 3 } }, tool);
    const result = await run('typed', { n: 'not a number' });
    expect(result.error?.code).toBe('TOOL_VALIDATION_ERROR');
    expect(result.attempts).toBe(0);
    expect(stats.invocations).toBe(0);
  });

  it('a deadline shorter than the backoff → TOOL_TIMEOUT at once, without sleeping it', async () => {
    const { tool, stats } = countingTool('broken', boom);
    const { run } = harness({ retry: { maxAttempts: 3, baseDelayMs: 5000, jitter: 'none' } }, tool);
    const start = Date.now();
    const result = await run('broken', {}, { timeoutMs: 1000 });
    expect(result.error?.code).toBe('TOOL_TIMEOUT');
    expect(result.error?.details).toMatchObject({ reason: 'deadline' });
    expect(result.attempts).toBe(1);
    expect(stats.invocations).toBe(1);
    expect(Date.now() - start).toBe(0);
  });

  it('honours retryAfterMs hints from the error', async () => {
    const { tool } = countingTool('busy', (n) => {
      if (n === 1)
        throw new TpError({ code: 'TOOL_EXECUTION_FAILED', message: 'busy', retryAfterMs: 2000 });
      return 'ok';
    });
    const { run } = harness({ retry: { maxAttempts: 2, baseDelayMs: 10 } }, tool);
    const pending = run('busy');
    await vi.advanceTimersByTimeAsync(1999);
    let settled = false;
    void pending.then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).attempts).toBe(2);
  });

  it('cancellation interrupts the backoff sleep with TOOL_CANCELLED and the attempts so far', async () => {
    const { tool, stats } = countingTool('broken', boom);
    const { run } = harness(
      { retry: { maxAttempts: 3, baseDelayMs: 60_000, jitter: 'none' } },
      tool,
    );
    const controller = new AbortController();
    const pending = run('broken', {}, { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    const result = await pending;
    expect(result.error?.code).toBe('TOOL_CANCELLED');
    expect(result.attempts).toBe(1);
    expect(stats.invocations).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('retries timeouts of an attempt (each attempt gets its own timeout)', async () => {
    const { tool } = countingTool('slow-then-fast', (n, _args, ctx) =>
      n === 1 ? delay(10_000, ctx.signal) : 'fast',
    );
    const { run } = harness(
      {
        retry: { maxAttempts: 2, baseDelayMs: 10, jitter: 'none' },
        tools: { 'slow-then-fast': { timeoutMs: 50 } },
      },
      tool,
    );
    const pending = run('slow-then-fast');
    await vi.advanceTimersByTimeAsync(50);
    await vi.advanceTimersByTimeAsync(10);
    expect(await pending).toMatchObject({ ok: true, value: 'fast', attempts: 2 });
  });

  it('per-tool overrides: retry off for one tool, a custom retryOn for another', async () => {
    const a = countingTool('a', boom);
    const b = countingTool('b', () => {
      throw new TpError({ code: 'CUSTOM', message: 'x', retryable: false });
    });
    const { run } = harness(
      {
        retry: { maxAttempts: 3, baseDelayMs: 1 },
        tools: {
          a: { retry: false },
          'b*': { retry: { retryOn: (error) => error.code === 'CUSTOM' } },
        },
      },
      a.tool,
      b.tool,
    );
    expect((await run('a')).attempts).toBe(1);
    const pending = run('b');
    await vi.runAllTimersAsync();
    expect((await pending).attempts).toBe(3);
  });

  it('enables retry for one tool when only its per-tool section asks for it', async () => {
    const { tool } = countingTool('flaky', (n) => (n === 1 ? boom() : 'ok'));
    const { run } = harness({ tools: { flaky: { retry: { baseDelayMs: 1 } } } }, tool);
    const pending = run('flaky');
    await vi.runAllTimersAsync();
    expect((await pending).attempts).toBe(2);
  });

  it('keeps every field of a getter-based invocation on later attempts', async () => {
    const { tool } = countingTool('any', () => 'x');
    const controller = new AbortController();
    class GetterInvocation {
      readonly call = { id: 'g', tool: 'any', arguments: {} };
      readonly tool = tool;
      readonly args = {};
      readonly context = { requestId: 'r', metadata: {} };
      readonly attempt = 1;
      get signal() {
        return controller.signal;
      }
    }
    const seen: CallInvocation[] = [];
    const handler = retryMiddleware(
      () => ({ ...DEFAULT_RETRY, jitter: 'none', baseDelayMs: 1 }),
      createEventBus(),
    ).wrap(async (invocation) => {
      seen.push(invocation);
      return seen.length < 2
        ? failure(toolErrorInfo('TOOL_EXECUTION_FAILED', 'once'), 1)
        : { ok: true, value: 'ok', attempts: 1, cached: false };
    }, tool);
    const pending = handler(new GetterInvocation());
    await vi.runAllTimersAsync();
    expect(await pending).toMatchObject({ ok: true, attempts: 2 });
    expect(seen[1]).toMatchObject({ attempt: 2, call: { id: 'g' } });
    expect(seen[1]?.signal).toBe(controller.signal);
  });
});
