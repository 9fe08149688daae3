import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { CallMiddleware } from '../contracts/call-middleware/v1/call-middleware-v1.js';
import type {
  ToolExecutionContext,
  ToolRuntimeV1,
} from '../contracts/runtime/v1/tool-runtime-v1.js';
import type { ToolCall } from '../contracts/tool-call.js';
import type { ToolResult } from '../contracts/tool-result.js';
import { createToolDefinition, defineTool } from '../define-tool.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { TpError } from '../errors/tp-error.js';
import type { TpEvent } from '../events/event-bus.js';
import { createRegistry } from '../registry/registry.js';
import { createProcessor, type Processor, type ProcessorOptions } from './create-processor.js';

const echo = defineTool({
  name: 'echo',
  description: 'returns its text',
  inputSchema: z.object({ text: z.string() }),
  execute: ({ text }) => text,
});

/** A tool that runs until its signal aborts, reporting each signal it was given. */
function hangingTool(name = 'hang') {
  const signals: AbortSignal[] = [];
  const started: Array<() => void> = [];
  const tool = defineTool({
    name,
    description: 'waits for cancellation',
    inputSchema: { type: 'object' },
    execute: (_args, ctx) =>
      new Promise((_resolve, reject) => {
        signals.push(ctx.signal);
        for (const notify of started.splice(0)) notify();
        ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason));
      }),
  });
  const nextStart = () => new Promise<void>((resolve) => started.push(resolve));
  return { tool, signals, nextStart };
}

let processors: Processor[] = [];
function processorWith(
  tools: Parameters<ReturnType<typeof createRegistry>['register']>,
  options: Omit<ProcessorOptions, 'registry'> = {},
): Processor {
  const registry = createRegistry();
  registry.register(...tools);
  const processor = createProcessor({ registry, ...options });
  processors.push(processor);
  return processor;
}

afterEach(async () => {
  await Promise.all(processors.map((processor) => processor.close()));
  processors = [];
});

function call(tool: string, args: Record<string, unknown> = {}, id = tool): ToolCall {
  return { id, tool, arguments: args };
}

describe('createProcessor', () => {
  it('runs a call and returns a complete result', async () => {
    const processor = processorWith([echo]);
    const [result] = await processor.process(call('echo', { text: 'hi' }, 'c1'));
    expect(result).toMatchObject({
      callId: 'c1',
      tool: 'echo',
      namespace: 'default',
      ok: true,
      value: 'hi',
      attempts: 1,
      cached: false,
      runtime: 'in-process',
    });
    expect(result!.endedAt).toBeGreaterThanOrEqual(result!.startedAt);
    expect(result!.durationMs).toBeGreaterThanOrEqual(0);
    expect(result).not.toHaveProperty('error');
  });

  it('does not run a tool whose arguments are invalid', async () => {
    const execute = vi.fn();
    const strict = defineTool({
      name: 'strict',
      description: '',
      inputSchema: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] },
      execute,
    });
    const processor = processorWith([strict]);
    const [result] = await processor.execute([call('strict', { n: 'one' })]);
    expect(result).toMatchObject({ ok: false, attempts: 0, runtime: 'in-process' });
    expect(result!.error).toMatchObject({
      code: 'TOOL_VALIDATION_ERROR',
      details: { issues: [{ path: '$.n', message: 'must be number' }] },
    });
    expect(execute).not.toHaveBeenCalled();
  });

  it('returns results discriminated on ok (the type narrows value and error)', async () => {
    const processor = processorWith([echo]);
    const results = await processor.execute([call('echo', { text: 'x' }), call('ecko', {})]);
    // Type-checked by `npm test`: without the union, `result.error.code` is TS18048.
    const outcomes = results.map((result) => (result.ok ? result.value : result.error.code));
    expect(outcomes).toEqual(['x', 'TOOL_NOT_FOUND']);
  });

  it('reports an unknown tool with suggestions', async () => {
    const processor = processorWith([echo]);
    const [result] = await processor.execute([call('ecko', { text: 'x' })]);
    expect(result).toMatchObject({ ok: false, tool: 'ecko', runtime: '', attempts: 0 });
    expect(result!.error).toMatchObject({
      code: 'TOOL_NOT_FOUND',
      details: { suggestions: ['echo'] },
    });
  });

  it('times out a call with TOOL_TIMEOUT and aborts the signal the runtime was given', async () => {
    const { tool, signals } = hangingTool();
    const processor = processorWith([tool], { timeoutMs: 20 });
    const [result] = await processor.execute([call('hang')]);
    expect(result!.error).toMatchObject({
      code: 'TOOL_TIMEOUT',
      category: 'timeout',
      retryable: true,
      details: { timeoutMs: 20 },
    });
    expect(signals).toHaveLength(1);
    expect(signals[0]!.aborted).toBe(true);
    expect(TpError.isInstance(signals[0]!.reason)).toBe(true);
    expect((signals[0]!.reason as TpError).code).toBe('TOOL_TIMEOUT');
  });

  it("uses the tool's own timeoutMs over the processor default", async () => {
    const { tool } = hangingTool();
    const quick = createToolDefinition({ ...tool, tags: [...tool.tags], timeoutMs: 15 });
    const processor = processorWith([quick], { timeoutMs: 60_000 });
    const [result] = await processor.execute([call('hang')]);
    expect(result!.error).toMatchObject({ code: 'TOOL_TIMEOUT', details: { timeoutMs: 15 } });
  });

  it("bounds the request by options.timeoutMs and gives the runtime the attempt's deadline", async () => {
    // Fake time: on a loaded machine a short real deadline could pass before the call starts.
    vi.useFakeTimers();
    try {
      let seen: ToolExecutionContext | undefined;
      let started: () => void = () => {};
      const running = new Promise<void>((resolve) => (started = resolve));
      const inspect = defineTool({
        name: 'inspect',
        description: '',
        inputSchema: { type: 'object' },
        execute: (_args, ctx) => {
          seen = ctx;
          started();
          return new Promise((_resolve, reject) =>
            ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)),
          );
        },
      });
      const processor = processorWith([inspect], { timeoutMs: 60_000 });
      const before = Date.now();
      const pending = processor.execute([call('inspect')], { timeoutMs: 500 });
      await running;
      expect(seen!.deadline).toBe(before + 500);
      expect(seen!.attempt).toBe(1);
      expect(seen!.callId).toBe('inspect');
      await vi.advanceTimersByTimeAsync(500);
      const [result] = await pending;
      expect(result!.error).toMatchObject({
        code: 'TOOL_TIMEOUT',
        details: { reason: 'deadline' },
      });
      expect(seen!.signal.aborted).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("cancels with TOOL_CANCELLED when the caller's signal aborts", async () => {
    const { tool, signals, nextStart } = hangingTool();
    const processor = processorWith([tool]);
    const controller = new AbortController();
    const pending = processor.execute([call('hang')], { signal: controller.signal });
    await nextStart();
    controller.abort();
    const [result] = await pending;
    expect(result!.error).toMatchObject({ code: 'TOOL_CANCELLED', category: 'cancelled' });
    expect(signals[0]!.aborted).toBe(true);
    const [late] = await processor.execute([call('hang')], { signal: controller.signal });
    expect(late!.error).toMatchObject({ code: 'TOOL_CANCELLED', retryable: false });
    expect(signals).toHaveLength(1);
  });

  it('close() cancels in-flight calls, refuses new ones and disposes every runtime', async () => {
    const { tool, signals, nextStart } = hangingTool();
    let disposed = false;
    const dispose = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      disposed = true;
    });
    const custom: ToolRuntimeV1 = {
      specificationVersion: 'v1',
      kind: 'custom',
      capabilities: () => ({ cancellation: true, progress: false, isolation: 'none' }),
      load: (definition) => ({ definition, handle: null }),
      execute: async () => 'custom ran',
      dispose,
    };
    const customTool = createToolDefinition({
      name: 'remote',
      description: '',
      inputSchema: { type: 'object' },
      runtime: 'custom',
      source: null,
    });
    const processor = processorWith([tool, customTool], { runtimes: [custom] });
    expect((await processor.execute([call('remote')]))[0]!.value).toBe('custom ran');
    const pending = processor.execute([call('hang', {}, 'a'), call('hang', {}, 'b')]);
    await nextStart();
    const closed = processor.close();
    const again = processor.close();
    const results = await pending;
    expect(results.map((result) => result.error?.code)).toEqual([
      'TOOL_CANCELLED',
      'TOOL_CANCELLED',
    ]);
    expect(results[0]!.error!.message).toMatch(/closed/);
    expect(signals.every((signal) => signal.aborted)).toBe(true);
    await again;
    expect(disposed).toBe(true);
    expect(dispose).toHaveBeenCalledTimes(1);
    await closed;
    const [refused] = await processor.execute([call('remote')]);
    expect(refused!.error).toMatchObject({ code: 'TOOL_CANCELLED' });
  });

  it('never runs more than maxConcurrency calls of a batch at once', async () => {
    let running = 0;
    let peak = 0;
    const busy = defineTool({
      name: 'busy',
      description: '',
      inputSchema: { type: 'object' },
      execute: async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 2));
        running--;
        return 'done';
      },
    });
    const processor = processorWith([busy], { maxConcurrency: 3 });
    const calls = Array.from({ length: 12 }, (_, index) => call('busy', {}, `c${index}`));
    const results = await processor.execute(calls);
    expect(results.every((result) => result.ok)).toBe(true);
    expect(peak).toBe(3);
    const serial = processorWith([busy], { maxConcurrency: 1 });
    peak = 0;
    await serial.execute(calls.slice(0, 4));
    expect(peak).toBe(1);
  });

  describe('return order', () => {
    // "slow" finishes only after "fast" has produced its result.
    function orderedTools(processorRef: { current?: Processor }) {
      let release: () => void = () => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      const slow = defineTool({
        name: 'slow',
        description: '',
        inputSchema: { type: 'object' },
        execute: async () => {
          await released;
          return 'slow';
        },
      });
      const fast = defineTool({
        name: 'fast',
        description: '',
        inputSchema: { type: 'object' },
        execute: () => 'fast',
      });
      const processor = processorWith([slow, fast]);
      processor.events.on('call:end', (event) => {
        if (event.result.tool === 'fast') setTimeout(release, 0);
      });
      processorRef.current = processor;
      return processor;
    }

    it('is submission order by default', async () => {
      const processor = orderedTools({});
      const results = await processor.execute([call('slow'), call('fast')]);
      expect(results.map((result) => result.value)).toEqual(['slow', 'fast']);
    });

    it("is completion order with returnOrder: 'completion'", async () => {
      const processor = orderedTools({});
      const results = await processor.execute([call('slow'), call('fast')], {
        returnOrder: 'completion',
      });
      expect(results.map((result) => result.value)).toEqual(['fast', 'slow']);
    });

    it('stream() yields results as they complete', async () => {
      const processor = orderedTools({});
      const seen: unknown[] = [];
      for await (const result of processor.stream([call('slow'), call('fast')])) {
        seen.push(result.value);
      }
      expect(seen).toEqual(['fast', 'slow']);
    });
  });

  it('stream(): breaking out cancels the calls still running', async () => {
    const { tool, signals } = hangingTool();
    const processor = processorWith([echo, tool]);
    const ends: ToolResult[] = [];
    const cancelled = new Promise<void>((resolve) =>
      processor.events.on('call:end', (event) => {
        if (event.result.tool === 'hang') ends.push(event.result);
        if (ends.length === 2) resolve();
      }),
    );
    for await (const result of processor.stream([
      call('hang', {}, 'h1'),
      call('echo', { text: 'first' }, 'e1'),
      call('hang', {}, 'h2'),
    ])) {
      expect(result.value).toBe('first');
      break;
    }
    await cancelled;
    expect(ends.map((result) => result.error?.code)).toEqual(['TOOL_CANCELLED', 'TOOL_CANCELLED']);
    expect(signals.every((signal) => signal.aborted)).toBe(true);
  });

  it('answers a tool of a runtime kind nobody configured with RUNTIME_UNAVAILABLE', async () => {
    const wasmTool = createToolDefinition({
      name: 'wasm-add',
      description: '',
      inputSchema: { type: 'object' },
      runtime: 'wasm',
      source: './add.wasm',
    });
    const processor = processorWith([wasmTool]);
    const [result] = await processor.execute([call('wasm-add')]);
    expect(result).toMatchObject({ ok: false, runtime: 'wasm', attempts: 0 });
    expect(result!.error).toMatchObject({
      code: 'RUNTIME_UNAVAILABLE',
      retryable: false,
      details: { runtime: 'wasm', configured: ['in-process'] },
    });
  });

  it('gives each malformed ToolCall one validation-error result and never throws', async () => {
    const processor = processorWith([echo]);
    const malformed = [
      null,
      undefined,
      42,
      'echo',
      [],
      {},
      { id: 'x', tool: '' },
      { id: 'x', tool: 7, arguments: {} },
      { id: 'x', tool: 'echo' },
      { id: 'x', tool: 'echo', arguments: 'text=hi' },
      { id: 'x', tool: 'echo', arguments: ['hi'] },
      { id: 'x', tool: 'echo', arguments: null },
      { id: 7, tool: 'echo', namespace: 5, arguments: { text: 'x' }, version: 1 },
    ] as unknown as ToolCall[];
    const results = await processor.execute([...malformed, call('echo', { text: 'ok' })]);
    expect(results).toHaveLength(malformed.length + 1);
    for (const result of results.slice(0, -2)) {
      expect(result.ok).toBe(false);
      expect(result.error!.code).toBe('TOOL_VALIDATION_ERROR');
      expect(result.attempts).toBe(0);
    }
    // Well-formed enough to look up, but its namespace and version are not strings.
    expect(results.at(-2)).toMatchObject({ ok: false, callId: '', namespace: '', tool: 'echo' });
    expect(results.at(-2)!.error!.code).toBe('TOOL_NOT_FOUND');
    for (const result of results) {
      expect(typeof result.callId).toBe('string');
      expect(typeof result.namespace).toBe('string');
      expect(typeof result.tool).toBe('string');
    }
    expect(results.at(-1)).toMatchObject({ ok: true, value: 'ok' });
  });

  it('maps whatever a tool throws to a structured error', async () => {
    const thrown: unknown[] = [
      new Error('plain'),
      new TypeError('typed'),
      'a string',
      404,
      null,
      undefined,
      { reason: 'object' },
      new TpError({ code: 'QUOTA_EXCEEDED', message: 'quota', retryable: true }),
      new TpError({ code: 'TOOL_RATE_LIMITED', message: 'later', retryAfterMs: 100 }),
    ];
    const thrower = defineTool({
      name: 'thrower',
      description: '',
      inputSchema: z.object({ index: z.number() }),
      execute: ({ index }) => {
        throw thrown[index];
      },
    });
    const asyncThrower = defineTool({
      name: 'async-thrower',
      description: '',
      inputSchema: z.object({ index: z.number() }),
      execute: async ({ index }) => Promise.reject(thrown[index]),
    });
    const processor = processorWith([thrower, asyncThrower]);
    for (const name of ['thrower', 'async-thrower']) {
      const results = await processor.execute(
        thrown.map((_, index) => call(name, { index }, `${name}-${index}`)),
      );
      expect(results.map((result) => [result.error?.code, result.error?.message])).toEqual([
        ['TOOL_EXECUTION_FAILED', 'plain'],
        ['TOOL_EXECUTION_FAILED', 'typed'],
        ['TOOL_EXECUTION_FAILED', 'a string'],
        ['TOOL_EXECUTION_FAILED', 'non-error thrown: 404'],
        ['TOOL_EXECUTION_FAILED', 'non-error thrown: null'],
        ['TOOL_EXECUTION_FAILED', 'non-error thrown: undefined'],
        ['TOOL_EXECUTION_FAILED', 'non-error thrown: {"reason":"object"}'],
        ['QUOTA_EXCEEDED', 'quota'],
        ['TOOL_RATE_LIMITED', 'later'],
      ]);
      expect(results.every((result) => result.attempts === 1 && !result.ok)).toBe(true);
      expect(results[8]!.error).toMatchObject({ retryAfterMs: 100, category: 'rate_limit' });
    }
  });

  it('turns a custom middleware that throws or rejects into a failed result', async () => {
    const throwing: CallMiddleware = {
      name: 'throwing',
      wrap: (next) => (invocation) => {
        if (invocation.call.id === 'sync') throw new Error('middleware threw');
        if (invocation.call.id === 'async') return Promise.reject(new Error('middleware rejected'));
        return next(invocation);
      },
    };
    const processor = processorWith([echo], { middleware: [throwing] });
    const results = await processor.execute([
      call('echo', { text: 'a' }, 'sync'),
      call('echo', { text: 'b' }, 'async'),
      call('echo', { text: 'c' }, 'fine'),
    ]);
    expect(results.map((result) => result.error?.message ?? result.value)).toEqual([
      'middleware threw',
      'middleware rejected',
      'c',
    ]);
    expect(results[0]!.error!.code).toBe('TOOL_EXECUTION_FAILED');
  });

  it('emits call:start for calls that run and call:end with every result', async () => {
    const events: TpEvent[] = [];
    const processor = processorWith([echo], { onEvent: (event) => events.push(event) });
    const started: string[] = [];
    processor.events.on('call:start', (event) => started.push(event.callId));
    const results = await processor.execute(
      [call('echo', { text: 'a' }, 'ok'), call('missing', {}, 'nf'), call('echo', {}, 'bad')],
      { context: { tenant: 'acme' } },
    );
    expect(started).toEqual(['ok']);
    const ends = events.filter((event) => event.type === 'call:end');
    expect(ends).toHaveLength(3);
    for (const end of ends) {
      expect(results).toContain(end.result);
      expect(end.context.tenant).toBe('acme');
    }
    const start = events.find((event) => event.type === 'call:start');
    expect(start).toMatchObject({
      callId: 'ok',
      tool: 'echo',
      namespace: 'default',
      runtime: 'in-process',
    });
  });

  it('keeps running calls when an event listener throws, and reports the error', async () => {
    const reported: Array<{ error: unknown; type: string }> = [];
    const processor = processorWith([echo], {
      onEvent: () => {
        throw new Error('observer broke');
      },
      onListenerError: (error, event) => reported.push({ error, type: event.type }),
    });
    const [result] = await processor.process(call('echo', { text: 'still works' }));
    expect(result).toMatchObject({ ok: true, value: 'still works' });
    expect(reported.map((entry) => entry.type)).toEqual([
      'request:start',
      'call:start',
      'attempt:start',
      'runtime:load',
      'attempt:end',
      'call:end',
      'request:end',
    ]);
    expect(reported[0]!.error).toMatchObject({ message: 'observer broke' });
  });

  it('refuses an unknown context field, suggesting the right name, at creation and per request', async () => {
    expect(() =>
      createProcessor({ registry: createRegistry(), context: { tenantId: 'acme' } as never }),
    ).toThrow(/"context.tenantId": is not an ExecutionContext field; did you mean "tenant"\?/);
    const processor = processorWith([echo]);
    await expect(
      processor.process(call('echo', { text: 'a' }), { context: { userId: 'u' } as never }),
    ).rejects.toMatchObject({
      code: 'CONFIGURATION_ERROR',
      field: 'context.userId',
      message: expect.stringContaining('did you mean "user"?'),
    });
  });

  it('process() never throws on garbage input', async () => {
    const processor = processorWith([echo]);
    const circular: Record<string, unknown> = { tool: 'echo' };
    circular.arguments = circular;
    const hostile = {
      get tool(): string {
        throw new Error('hostile getter');
      },
    };
    const inputs: unknown[] = [
      undefined,
      null,
      0,
      Number.NaN,
      true,
      '',
      'plain prose without any call',
      '{"name": "echo", "arguments": {"text": ',
      '<tool_call>{"name":',
      '[TOOL_CALLS][{"name": 1}]',
      'x'.repeat(100_000),
      Symbol('s'),
      () => 1,
      10n,
      new Date(),
      [],
      [null, 1, 'x', [[]]],
      {},
      { tool: 'echo' },
      { tool_calls: 'not an array' },
      {
        choices: [{ message: { tool_calls: [{ function: { name: 'echo', arguments: '{bad' } }] } }],
      },
      { content: [{ type: 'tool_use', name: 'echo', input: 'nope' }] },
      circular,
      hostile,
      new Proxy(
        {},
        {
          get() {
            throw new Error('hostile proxy');
          },
        },
      ),
    ];
    for (const input of inputs) {
      const results = await processor.process(input);
      expect(Array.isArray(results)).toBe(true);
      for (const result of results) {
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(typeof result.error?.code).toBe('string');
      }
    }
  });

  it('shares one abort listener per caller signal across thousands of calls', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const processor = processorWith([echo]);
      const controller = new AbortController();
      const calls = Array.from({ length: 2_000 }, (_, index) =>
        call('echo', { text: String(index) }, `c${index}`),
      );
      const results = await processor.execute(calls, { signal: controller.signal });
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(results.every((result) => result.ok)).toBe(true);
      expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('fails fast on invalid options, naming the field', () => {
    const registry = createRegistry();
    const fieldOf = (options: unknown) => {
      try {
        createProcessor(options as ProcessorOptions);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigurationError);
        return (error as ConfigurationError).field;
      }
      return 'no error';
    };
    expect(fieldOf(undefined)).toBe('registry');
    expect(fieldOf({})).toBe('registry');
    expect(fieldOf({ registry, timeoutMs: 0 })).toBe('timeoutMs');
    expect(fieldOf({ registry, timeoutMs: Number.NaN })).toBe('timeoutMs');
    expect(fieldOf({ registry, timeoutMs: Number.POSITIVE_INFINITY })).toBe('timeoutMs');
    expect(fieldOf({ registry, timeoutMs: 2 ** 31 })).toBe('timeoutMs');
    expect(fieldOf({ registry, maxConcurrency: 0 })).toBe('maxConcurrency');
    expect(fieldOf({ registry, maxConcurrency: 1.5 })).toBe('maxConcurrency');
    expect(fieldOf({ registry, runtimes: [{ kind: 'x' }] })).toBe('runtimes[0]');
    expect(fieldOf({ registry })).toBe('no error');
  });
});
