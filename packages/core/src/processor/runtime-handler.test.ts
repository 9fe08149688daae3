import { describe, expect, it, vi } from 'vitest';
import { createExecutionContext } from '../context/execution-context.js';
import type { CallInvocation } from '../contracts/call-middleware/v1/call-middleware-v1.js';
import type {
  LoadedTool,
  ToolExecutionContext,
  ToolRuntimeV1,
} from '../contracts/runtime/v1/tool-runtime-v1.js';
import type { ToolDefinition } from '../contracts/tool-definition.js';
import { createToolDefinition } from '../define-tool.js';
import { TpError } from '../errors/tp-error.js';
import { createEventBus } from '../events/event-bus.js';
import { createRegistry } from '../registry/registry.js';
import { createRuntimeHandler } from './runtime-handler.js';
import { createRuntimeLookup } from './runtime-lookup.js';

const tool = createToolDefinition({
  name: 'remote',
  description: '',
  inputSchema: { type: 'object' },
  runtime: 'fake',
  source: 'remote-id',
});

function fakeRuntime(overrides: Partial<ToolRuntimeV1> = {}): ToolRuntimeV1 {
  return {
    specificationVersion: 'v1',
    kind: 'fake',
    capabilities: () => ({ cancellation: true, progress: true, isolation: 'remote' }),
    load: (definition) => ({ definition, handle: definition.source }),
    execute: async (loaded, args) => ({ handle: loaded.handle, args }),
    dispose: async () => {},
    ...overrides,
  };
}

function invocation(overrides: Partial<CallInvocation> = {}): CallInvocation {
  return {
    call: { id: 'c1', tool: 'remote', arguments: {} },
    tool,
    args: { q: 1 },
    context: createExecutionContext({ tenant: 't1' }),
    signal: new AbortController().signal,
    attempt: 2,
    ...overrides,
  };
}

function handlerFor(runtime: ToolRuntimeV1, definition: ToolDefinition = tool) {
  return createRuntimeHandler(
    createRuntimeLookup([runtime], createRegistry()),
    createEventBus(),
  )(definition);
}

describe('createRuntimeHandler', () => {
  it('loads the tool once and executes it with the validated arguments', async () => {
    const load = vi.fn((definition: ToolDefinition) => ({ definition, handle: 'loaded' }));
    const handler = handlerFor(fakeRuntime({ load }));
    expect(await handler(invocation())).toEqual({
      ok: true,
      value: { handle: 'loaded', args: { q: 1 } },
      attempts: 1,
      cached: false,
    });
    await handler(invocation());
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('shares one asynchronous load between concurrent first calls', async () => {
    let finishLoad: (loaded: LoadedTool) => void = () => {};
    const load = vi.fn(
      (definition: ToolDefinition) =>
        new Promise<LoadedTool>((resolve) => {
          finishLoad = resolve;
          void definition;
        }),
    );
    const handler = handlerFor(fakeRuntime({ load }));
    const pending = [handler(invocation()), handler(invocation()), handler(invocation())];
    finishLoad({ definition: tool, handle: 'shared' });
    const outcomes = await Promise.all(pending);
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('does not remember a failed load: the next call tries again', async () => {
    let attempt = 0;
    const load = vi.fn(async (definition: ToolDefinition) => {
      attempt++;
      if (attempt === 1) {
        throw new TpError({ code: 'RUNTIME_UNAVAILABLE', message: 'server down' });
      }
      return { definition, handle: 'second try' };
    });
    const handler = handlerFor(fakeRuntime({ load }));
    expect(await handler(invocation())).toMatchObject({
      ok: false,
      attempts: 1,
      error: { code: 'RUNTIME_UNAVAILABLE', message: 'server down' },
    });
    expect(await handler(invocation())).toMatchObject({ ok: true });
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('maps a load that throws synchronously', async () => {
    const handler = handlerFor(
      fakeRuntime({
        load: () => {
          throw new Error('bad source');
        },
      }),
    );
    expect(await handler(invocation())).toMatchObject({
      ok: false,
      error: { code: 'TOOL_EXECUTION_FAILED', message: 'bad source' },
    });
  });

  it('gives the runtime the call id, attempt, context, deadline and progress reporter', async () => {
    let seen: ToolExecutionContext | undefined;
    const onProgress = vi.fn();
    const controller = new AbortController();
    const handler = handlerFor(
      fakeRuntime({
        execute: async (_loaded, _args, ctx) => {
          seen = ctx;
          ctx.reportProgress({ progress: 1, total: 2 });
          return null;
        },
      }),
    );
    await handler(invocation({ deadline: 12345, onProgress, signal: controller.signal }));
    expect(seen).toMatchObject({ callId: 'c1', attempt: 2, deadline: 12345 });
    expect(seen!.context.tenant).toBe('t1');
    expect(seen!.signal).toBe(controller.signal);
    expect(onProgress).toHaveBeenCalledWith({ progress: 1, total: 2 });
    await handler(invocation());
    expect(seen!.deadline).toBeUndefined();
    expect(() => seen!.reportProgress({ progress: 1 })).not.toThrow();
  });

  it("maps a rejection with the aborted signal's reason through that reason", async () => {
    const controller = new AbortController();
    const reason = new TpError({ code: 'TOOL_TIMEOUT', message: 'attempt timed out' });
    const handler = handlerFor(
      fakeRuntime({
        execute: (_loaded, _args, ctx) => {
          controller.abort(reason);
          return Promise.reject(ctx.signal.reason);
        },
      }),
    );
    expect(await handler(invocation({ signal: controller.signal }))).toMatchObject({
      ok: false,
      attempts: 1,
      error: { code: 'TOOL_TIMEOUT', message: 'attempt timed out' },
    });
    const plain = new AbortController();
    const cancelledByString = handlerFor(
      fakeRuntime({
        execute: (_loaded, _args, ctx) => {
          plain.abort('user left');
          return Promise.reject(ctx.signal.reason);
        },
      }),
    );
    expect(await cancelledByString(invocation({ signal: plain.signal }))).toMatchObject({
      error: { code: 'TOOL_CANCELLED', message: 'the call was cancelled: user left' },
    });
  });

  it('keeps the code of other errors even when the signal has aborted', async () => {
    const controller = new AbortController();
    const handler = handlerFor(
      fakeRuntime({
        execute: () => {
          controller.abort();
          return Promise.reject(new Error('crashed while stopping'));
        },
      }),
    );
    expect(await handler(invocation({ signal: controller.signal }))).toMatchObject({
      error: { code: 'TOOL_EXECUTION_FAILED', message: 'crashed while stopping' },
    });
  });

  it('answers RUNTIME_UNAVAILABLE, not retryable, when no runtime of the kind exists', async () => {
    const handler = createRuntimeHandler(
      createRuntimeLookup([fakeRuntime({ kind: 'other' })], createRegistry()),
      createEventBus(),
    )(tool);
    expect(await handler(invocation())).toMatchObject({
      ok: false,
      attempts: 0,
      error: {
        code: 'RUNTIME_UNAVAILABLE',
        category: 'connection',
        retryable: false,
        details: { runtime: 'fake', configured: ['other', 'in-process'] },
      },
    });
  });

  describe('capabilities().maxConcurrency', () => {
    /** A runtime whose executions wait until released; counts how many run at once. */
    function gatedRuntime(maxConcurrency: number) {
      const running = { now: 0, peak: 0 };
      const releases: Array<() => void> = [];
      const runtime = fakeRuntime({
        capabilities: () => ({
          cancellation: true,
          progress: false,
          isolation: 'process',
          maxConcurrency,
        }),
        execute: async () => {
          running.now++;
          running.peak = Math.max(running.peak, running.now);
          await new Promise<void>((resolve) => releases.push(resolve));
          running.now--;
          return 'done';
        },
      });
      return { runtime, running, releases };
    }
    const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

    it('runs at most that many executions at once, the rest in arrival order', async () => {
      const { runtime, running, releases } = gatedRuntime(2);
      const handler = handlerFor(runtime);
      const outcomes = Array.from({ length: 5 }, (_, index) =>
        handler(invocation({ call: { id: `c${index}`, tool: 'remote', arguments: {} } })),
      );
      await settle();
      expect(running.now).toBe(2);
      while (releases.length > 0) {
        releases.shift()!();
        await settle();
      }
      expect((await Promise.all(outcomes)).every((outcome) => outcome.ok)).toBe(true);
      expect(running.peak).toBe(2);
    });

    it('is one bound per runtime instance, shared by every handler using it', async () => {
      const { runtime, running, releases } = gatedRuntime(1);
      const first = handlerFor(runtime);
      const second = createRuntimeHandler(
        createRuntimeLookup([runtime], createRegistry()),
        createEventBus(),
      )(tool);
      const outcomes = [first(invocation()), second(invocation())];
      await settle();
      expect(running.now).toBe(1);
      releases.shift()!();
      await settle();
      releases.shift()!();
      await Promise.all(outcomes);
      expect(running.peak).toBe(1);
    });

    it('a call cancelled while waiting for a slot leaves the queue with its abort reason', async () => {
      const { runtime, running, releases } = gatedRuntime(1);
      const handler = handlerFor(runtime);
      const holder = handler(invocation());
      const controller = new AbortController();
      const waiting = handler(invocation({ signal: controller.signal }));
      await settle();
      controller.abort(new TpError({ code: 'TOOL_TIMEOUT', message: 'out of time' }));
      expect(await waiting).toMatchObject({ ok: false, error: { code: 'TOOL_TIMEOUT' } });
      const after = handler(invocation());
      releases.shift()!();
      await settle();
      expect(running.now).toBe(1);
      releases.shift()!();
      expect(await holder).toMatchObject({ ok: true });
      expect(await after).toMatchObject({ ok: true });
      expect(running.peak).toBe(1);
    });
  });
});
