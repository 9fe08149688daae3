import { afterEach, describe, expect, it, vi } from 'vitest';
import { createExecutionContext } from '../context/execution-context.js';
import type {
  CallHandler,
  CallInvocation,
  CallOutcome,
} from '../contracts/call-middleware/v1/call-middleware-v1.js';
import type { ToolDefinition } from '../contracts/tool-definition.js';
import { defineTool } from '../define-tool.js';
import { TpError } from '../errors/tp-error.js';
import { timeoutMiddleware } from './timeout-middleware.js';

const tool = defineTool({
  name: 'work',
  description: '',
  inputSchema: { type: 'object' },
  execute: () => null,
});

function invocation(overrides: Partial<CallInvocation> = {}): CallInvocation {
  return {
    call: { id: 'c1', tool: 'work', arguments: {} },
    tool,
    args: {},
    context: createExecutionContext(),
    signal: new AbortController().signal,
    attempt: 1,
    ...overrides,
  };
}

const ok: CallOutcome = { ok: true, value: 'done', attempts: 1, cached: false };

/** A handler that never settles on its own and records what it was given. */
function hangingHandler() {
  const seen: CallInvocation[] = [];
  const handler: CallHandler = (given) => {
    seen.push(given);
    return new Promise(() => {});
  };
  return { handler, seen };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('timeoutMiddleware', () => {
  it('passes an outcome through and gives the next stage its own signal and deadline', async () => {
    const seen: CallInvocation[] = [];
    const handler = timeoutMiddleware(1_000).wrap(async (given) => {
      seen.push(given);
      return ok;
    }, tool);
    const parent = invocation();
    expect(await handler(parent)).toBe(ok);
    expect(seen[0]!.signal).not.toBe(parent.signal);
    expect(seen[0]!.signal.aborted).toBe(false);
    expect(seen[0]!.deadline).toBeLessThanOrEqual(Date.now() + 1_000);
  });

  it('times out with TOOL_TIMEOUT, aborting the inner signal with the same error', async () => {
    vi.useFakeTimers();
    const { handler: inner, seen } = hangingHandler();
    const pending = timeoutMiddleware(1_000).wrap(inner, tool)(invocation());
    await vi.advanceTimersByTimeAsync(999);
    expect(seen[0]!.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const outcome = await pending;
    expect(outcome).toMatchObject({
      ok: false,
      attempts: 1,
      error: { code: 'TOOL_TIMEOUT', details: { timeoutMs: 1_000 } },
    });
    expect(seen[0]!.signal.aborted).toBe(true);
    expect((seen[0]!.signal.reason as TpError).code).toBe('TOOL_TIMEOUT');
  });

  it('prefers operator configuration, then the tool, then the default', async () => {
    vi.useFakeTimers();
    const toolWithTimeout = { ...tool, timeoutMs: 300 } as ToolDefinition;
    const cases: Array<[number | undefined, ToolDefinition, number]> = [
      [50, toolWithTimeout, 50],
      [undefined, toolWithTimeout, 300],
      [undefined, tool, 1_000],
    ];
    for (const [configured, definition, expected] of cases) {
      const pending = timeoutMiddleware(1_000, () => configured).wrap(
        hangingHandler().handler,
        definition,
      )(invocation());
      await vi.advanceTimersByTimeAsync(expected);
      expect(await pending).toMatchObject({ error: { details: { timeoutMs: expected } } });
    }
  });

  it('is limited by the request deadline, reporting it as the reason', async () => {
    vi.useFakeTimers();
    const { handler: inner } = hangingHandler();
    const pending = timeoutMiddleware(60_000).wrap(
      inner,
      tool,
    )(invocation({ deadline: Date.now() + 100 }));
    await vi.advanceTimersByTimeAsync(100);
    expect(await pending).toMatchObject({
      error: { code: 'TOOL_TIMEOUT', details: { reason: 'deadline' } },
    });
  });

  it('does not start an attempt once the deadline has passed or the caller cancelled', async () => {
    const next = vi.fn(async () => ok);
    const handler = timeoutMiddleware(1_000).wrap(next, tool);
    expect(await handler(invocation({ deadline: Date.now() - 1 }))).toMatchObject({
      attempts: 0,
      error: { code: 'TOOL_TIMEOUT' },
    });
    expect(
      await handler(invocation({ signal: AbortSignal.abort(new Error('user left')) })),
    ).toMatchObject({ attempts: 0, error: { code: 'TOOL_CANCELLED', message: /user left/ } });
    expect(next).not.toHaveBeenCalled();
  });

  it('stops waiting at once when the caller cancels, and drops a late result', async () => {
    const parent = new AbortController();
    let settle: (outcome: CallOutcome) => void = () => {};
    const seen: CallInvocation[] = [];
    const handler = timeoutMiddleware(60_000).wrap(
      (given) =>
        new Promise((resolve) => {
          seen.push(given);
          settle = resolve;
        }),
      tool,
    );
    const pending = handler(invocation({ signal: parent.signal }));
    parent.abort(new TpError({ code: 'TOOL_CANCELLED', message: 'stop' }));
    settle(ok);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'TOOL_CANCELLED' } });
    expect(seen[0]!.signal.reason).toBe(parent.signal.reason);
  });

  it('turns a stage that rejects or throws into TOOL_EXECUTION_FAILED, releasing its timer', async () => {
    vi.useFakeTimers();
    const parent = new AbortController();
    const rejecting = timeoutMiddleware(60_000).wrap(
      () => Promise.reject(new Error('stage broke')),
      tool,
    );
    expect(await rejecting(invocation({ signal: parent.signal }))).toMatchObject({
      error: { code: 'TOOL_EXECUTION_FAILED', message: 'stage broke' },
    });
    const throwing = timeoutMiddleware(60_000).wrap(() => {
      throw new Error('stage threw');
    }, tool);
    expect(await throwing(invocation({ signal: parent.signal }))).toMatchObject({
      error: { code: 'TOOL_EXECUTION_FAILED', message: 'stage threw' },
    });
    expect(vi.getTimerCount()).toBe(0);
  });
});
