import { describe, expect, it } from 'vitest';
import type { CallInvocation } from '../contracts/call-middleware/v1/call-middleware-v1.js';
import { defineTool } from '../define-tool.js';
import { isAborted, LazyAbortController } from '../util/lazy-abort.js';
import { AttemptInvocation } from './attempt-invocation.js';
import { RuntimeExecutionContext } from './runtime-execution-context.js';

const tool = defineTool({
  name: 'noop',
  description: 'does nothing',
  inputSchema: { type: 'object' },
  execute: () => undefined,
});

const invocation = (extra: Partial<CallInvocation> = {}): CallInvocation => ({
  call: { id: 'c1', tool: 'noop', arguments: { a: 1 } },
  tool,
  args: { a: 1 },
  context: { requestId: 'r1', metadata: {} },
  signal: new AbortController().signal,
  attempt: 2,
  ...extra,
});

describe('AttemptInvocation and RuntimeExecutionContext', () => {
  it("carry the caller's fields with the attempt's deadline and lazy signal", () => {
    const onProgress = () => {};
    const controller = new LazyAbortController();
    const attempt = new AttemptInvocation(invocation({ onProgress }), controller, 1234);
    expect(attempt).toMatchObject({ args: { a: 1 }, attempt: 2, deadline: 1234, onProgress });
    const ctx = new RuntimeExecutionContext(attempt);
    expect(ctx).toMatchObject({ callId: 'c1', attempt: 2, deadline: 1234 });
    expect(ctx.context.requestId).toBe('r1');
    expect(ctx.reportProgress).toBe(onProgress);
    expect(isAborted(ctx)).toBe(false);
    controller.abort('timed out');
    expect(isAborted(ctx)).toBe(true);
    expect(ctx.signal).toBe(attempt.signal);
    expect(ctx.signal.reason).toBe('timed out');
  });

  it('give a plain invocation its own signal and no deadline property when it has none', () => {
    const plain = invocation();
    const ctx = new RuntimeExecutionContext(plain);
    expect(ctx.signal).toBe(plain.signal);
    expect(ctx).not.toHaveProperty('deadline');
    expect(() => ctx.reportProgress({ progress: 1 })).not.toThrow();
  });
});
