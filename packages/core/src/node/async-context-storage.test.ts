import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { currentContext } from '../context/context-storage.js';
import type { ExecutionContext } from '../contracts/execution-context.js';
import type { ToolResult } from '../contracts/tool-result.js';
import { defineTool } from '../define-tool.js';
import { createProcessor, type Processor } from '../processor/create-processor.js';
import { createRegistry } from '../registry/registry.js';
import { installAsyncContextStorage } from './index.js';

const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

/** `outer` runs `inner` through a second processor from inside its own execution. */
function nestedSetup() {
  const innerRegistry = createRegistry();
  innerRegistry.register(
    defineTool({
      name: 'inner',
      description: 'returns the context it ran with (after waiting ms)',
      inputSchema: z.object({ ms: z.number() }),
      execute: async ({ ms }, ctx) => {
        if (ms > 0) {
          await new Promise((resolve, reject) => {
            const timer = setTimeout(resolve, ms);
            ctx.signal.addEventListener('abort', () => {
              clearTimeout(timer);
              reject(ctx.signal.reason);
            });
          });
        }
        return { context: ctx.context, ambient: currentContext() };
      },
    }),
  );
  const innerProcessor: Processor = createProcessor({ registry: innerRegistry });
  const innerResults: ToolResult[] = [];
  const registry = createRegistry();
  registry.register(
    defineTool({
      name: 'outer',
      description: 'calls inner in a nested process()',
      inputSchema: z.object({ ms: z.number() }),
      execute: async ({ ms }, ctx) => {
        await Promise.resolve();
        const [result] = await innerProcessor.process([
          { id: 'nested', tool: 'inner', arguments: { ms } },
        ]);
        innerResults.push(result!);
        return { outer: ctx.context, inner: result };
      },
    }),
  );
  const processor = createProcessor({ registry, context: { tenant: 'processor-default' } });
  return { processor, innerResults };
}

let uninstall: (() => void) | undefined;
afterEach(() => {
  uninstall?.();
  uninstall = undefined;
  vi.useRealTimers();
});

describe('ambient ExecutionContext with AsyncLocalStorage', () => {
  it('a nested process() inherits tenant, user, trace and deadline of the calling request', async () => {
    uninstall = installAsyncContextStorage();
    const { processor } = nestedSetup();
    const deadline = Date.now() + 60_000;
    const [result] = await processor.process([{ id: 'top', tool: 'outer', arguments: { ms: 0 } }], {
      context: { requestId: 'req-top', tenant: 'acme', user: 'ann', traceparent, deadline },
    });
    expect(result?.ok).toBe(true);
    const { outer, inner } = result!.value as {
      outer: ExecutionContext;
      inner: { ok: boolean; value: { context: ExecutionContext; ambient: ExecutionContext } };
    };
    expect(outer).toMatchObject({ requestId: 'req-top', tenant: 'acme', deadline });
    const nested = inner.value.context;
    expect(nested).toMatchObject({
      tenant: 'acme',
      user: 'ann',
      traceparent,
      correlationId: 'req-top',
      deadline,
    });
    expect(nested.requestId).not.toBe('req-top');
    expect(inner.value.ambient).toBe(nested);
  });

  it('the parent deadline bounds the nested call', async () => {
    vi.useFakeTimers();
    uninstall = installAsyncContextStorage();
    const { processor, innerResults } = nestedSetup();
    const pending = processor.process([{ id: 'top', tool: 'outer', arguments: { ms: 5_000 } }], {
      timeoutMs: 100,
    });
    await vi.advanceTimersByTimeAsync(150);
    const [result] = await pending;
    expect(result?.error).toMatchObject({ code: 'TOOL_TIMEOUT', details: { reason: 'deadline' } });
    // Nothing cancels the inner processor's call but its own (inherited) deadline.
    await vi.waitFor(() => expect(innerResults).toHaveLength(1));
    expect(innerResults[0]?.error).toMatchObject({
      code: 'TOOL_TIMEOUT',
      details: { reason: 'deadline' },
    });
  });

  it('without a storage nothing is ambient: the nested request starts fresh', async () => {
    const { processor } = nestedSetup();
    const [result] = await processor.process([{ id: 'top', tool: 'outer', arguments: { ms: 0 } }], {
      context: { tenant: 'acme' },
    });
    const { inner } = result!.value as {
      inner: { value: { context: ExecutionContext; ambient: ExecutionContext | undefined } };
    };
    expect(inner.value.context.tenant).toBeUndefined();
    expect(inner.value.context.correlationId).toBeUndefined();
    expect(inner.value.ambient).toBeUndefined();
  });

  it('uninstalling restores the previous storage', () => {
    uninstall = installAsyncContextStorage();
    uninstall();
    uninstall = undefined;
    expect(currentContext()).toBeUndefined();
  });
});
