import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  createProcessor,
  createRegistry,
  createToolDefinition,
  defineTool,
  type GuardV1,
  type ProcessorOptions,
  type ToolDefinition,
  TpError,
} from '@tp/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryTracing, parentIdOf } from './__fixtures__/otel-harness.js';
import { instrumentProcessor } from './instrument-processor.js';

let tracing: ReturnType<typeof memoryTracing>;
beforeEach(() => {
  tracing = memoryTracing();
});
afterEach(async () => {
  await tracing.shutdown();
});

const echo = defineTool({
  name: 'echo',
  description: 'Echoes its text',
  inputSchema: {
    type: 'object',
    properties: { text: { type: 'string' } },
    required: ['text'],
  },
  execute: ({ text }) => text,
});

function instrumented(
  tools: ToolDefinition[],
  options: Omit<ProcessorOptions, 'registry'> = {},
  recordArguments = false,
) {
  const registry = createRegistry();
  registry.register(...tools);
  const processor = createProcessor({ registry, ...options });
  const instrumentation = instrumentProcessor(processor, {
    tracerProvider: tracing.tracerProvider,
    recordArguments,
  });
  return { processor, instrumentation };
}

describe('instrumentProcessor: spans', () => {
  it('names each call execute_tool {tool}, kind INTERNAL, with the GenAI attributes', async () => {
    const { processor } = instrumented([echo]);
    await processor.execute([{ id: 'call-1', tool: 'echo', arguments: { text: 'hi' } }]);
    const span = tracing.named('execute_tool echo');
    expect(span.kind).toBe(SpanKind.INTERNAL);
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'echo',
      'gen_ai.tool.call.id': 'call-1',
      'gen_ai.tool.description': 'Echoes its text',
      'gen_ai.tool.type': 'function',
      'tp.tool.namespace': 'default',
      'tp.runtime': 'in-process',
      'tp.attempts': 1,
      'tp.cached': false,
    });
    expect(span.attributes).not.toHaveProperty('error.type');
    expect(span.attributes).not.toHaveProperty('gen_ai.tool.call.arguments');
    expect(span.attributes).not.toHaveProperty('gen_ai.tool.call.result');
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
    const attempt = tracing.named('attempt 1 echo');
    expect(parentIdOf(attempt)).toBe(span.spanContext().spanId);
  });

  it('parents a retrying call to the caller’s active span, one child span per attempt', async () => {
    let runs = 0;
    const flaky = defineTool({
      name: 'flaky',
      description: 'fails once',
      inputSchema: { type: 'object' },
      execute: () => {
        if (runs++ === 0) throw new TpError({ code: 'TOOL_EXECUTION_FAILED', message: 'boom' });
        return 'ok';
      },
    });
    const { processor } = instrumented([flaky], {
      retry: { maxAttempts: 3, baseDelayMs: 1, jitter: 'none' },
    });
    await tracing.tracer.startActiveSpan('agent turn', async (turn) => {
      await processor.execute([{ id: 'r', tool: 'flaky', arguments: {} }]);
      turn.end();
    });
    const turn = tracing.named('agent turn');
    const call = tracing.named('execute_tool flaky');
    expect(call.spanContext().traceId).toBe(turn.spanContext().traceId);
    expect(parentIdOf(call)).toBe(turn.spanContext().spanId);
    expect(call.attributes['tp.attempts']).toBe(2);
    const first = tracing.named('attempt 1 flaky');
    const second = tracing.named('attempt 2 flaky');
    for (const attempt of [first, second]) {
      expect(parentIdOf(attempt)).toBe(call.spanContext().spanId);
    }
    expect(first.attributes).toMatchObject({
      'error.type': 'TOOL_EXECUTION_FAILED',
      'tp.attempt': 1,
    });
    expect(first.status.code).toBe(SpanStatusCode.ERROR);
    expect(second.attributes).not.toHaveProperty('error.type');
    expect(call.events.map((event) => event.name)).toContain('tp.retry.scheduled');
  });

  it('continues the trace of the call’s ExecutionContext traceparent when no span is active', async () => {
    const { processor } = instrumented([echo]);
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await processor.execute([{ id: 'a', tool: 'echo', arguments: { text: 'x' } }], {
      context: { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, tracestate: 'tp=1' },
    });
    const span = tracing.named('execute_tool echo');
    expect(span.spanContext().traceId).toBe(traceId);
    expect(parentIdOf(span)).toBe('00f067aa0ba902b7');
  });

  it('records a guard block: error.type GUARD_BLOCKED, ERROR status, the verdict as a span event', async () => {
    const noShouting: GuardV1 = {
      specificationVersion: 'v1',
      name: 'no-shouting',
      pre: ({ args }) =>
        String(args.text) === String(args.text).toUpperCase()
          ? { verdict: 'block', reason: 'shouting' }
          : { verdict: 'allow' },
    };
    const { processor } = instrumented([echo], { guards: [noShouting] });
    await processor.execute([{ id: 'g', tool: 'echo', arguments: { text: 'HEY' } }]);
    const span = tracing.named('execute_tool echo');
    expect(span.attributes['error.type']).toBe('GUARD_BLOCKED');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events).toContainEqual(
      expect.objectContaining({
        name: 'tp.guard.verdict',
        attributes: expect.objectContaining({
          'tp.guard.name': 'no-shouting',
          'tp.guard.phase': 'pre',
          'tp.guard.verdict': 'block',
          'tp.guard.reason': 'shouting',
        }),
      }),
    );
    expect(tracing.spans().some((item) => item.name.startsWith('attempt'))).toBe(false);
  });

  it('records a cache hit: a span event, tp.cached, no attempt', async () => {
    const cached = defineTool({ ...echoInput('lookup'), sideEffect: 'read_only' });
    const { processor } = instrumented([cached], { cache: { ttlMs: 60_000 } });
    await processor.execute([{ id: '1', tool: 'lookup', arguments: { text: 'k' } }]);
    tracing.reset();
    await processor.execute([{ id: '2', tool: 'lookup', arguments: { text: 'k' } }]);
    const span = tracing.named('execute_tool lookup');
    expect(span.attributes).toMatchObject({ 'tp.cached': true, 'tp.attempts': 0 });
    expect(span.events.map((event) => event.name)).toEqual(['tp.cache.hit']);
    expect(tracing.spans().map((item) => item.name)).toEqual(['execute_tool lookup']);
  });

  it('gives a call refused before the stages (unknown tool) its span, with error.type', async () => {
    const { processor } = instrumented([echo]);
    await processor.execute([{ id: 'n', tool: 'nope', arguments: {} }]);
    const span = tracing.named('execute_tool nope');
    expect(span.attributes).toMatchObject({
      'gen_ai.tool.call.id': 'n',
      'error.type': 'TOOL_NOT_FOUND',
    });
  });

  it('records a bulkhead wait as a child span', async () => {
    const slow = defineTool({
      name: 'slow',
      description: 'sleeps',
      inputSchema: { type: 'object' },
      execute: () => new Promise((resolve) => setTimeout(() => resolve('done'), 20)),
    });
    const { processor } = instrumented([slow], { bulkhead: { global: 1 } });
    await processor.execute([
      { id: 'a', tool: 'slow', arguments: {} },
      { id: 'b', tool: 'slow', arguments: {} },
    ]);
    const wait = tracing.named('wait bulkhead');
    expect(wait.attributes).toMatchObject({ 'tp.stage': 'bulkhead', 'tp.acquired': true });
    const parent = tracing.spans().find((span) => span.spanContext().spanId === parentIdOf(wait));
    expect(parent?.attributes['gen_ai.tool.call.id']).toBe('b');
  });

  it('records arguments and result only when opted in, and never what a guard withholds', async () => {
    const keeper: GuardV1 = {
      specificationVersion: 'v1',
      name: 'keeper',
      withholds: (value) => JSON.stringify(value).includes('S3CR3T'),
      post: () => ({ verdict: 'allow' }),
    };
    const { processor } = instrumented([echo], { guards: [keeper] }, true);
    await processor.execute([
      { id: 'plain', tool: 'echo', arguments: { text: 'hello' } },
      { id: 'secret', tool: 'echo', arguments: { text: 'S3CR3T' } },
    ]);
    const byId = (id: string) =>
      tracing.spans().find((span) => span.attributes['gen_ai.tool.call.id'] === id)!;
    expect(byId('plain').attributes).toMatchObject({
      'gen_ai.tool.call.arguments': '{"text":"hello"}',
      'gen_ai.tool.call.result': '"hello"',
    });
    expect(byId('secret').attributes).not.toHaveProperty('gen_ai.tool.call.arguments');
  });

  it('marks MCP tools as extensions with mcp.method.name on the same span (no second span)', async () => {
    const registry = createRegistry();
    const remote = createToolDefinition({
      name: 'remote',
      description: 'a tool of an upstream MCP server',
      inputSchema: { type: 'object' },
      runtime: 'mcp',
      source: { server: 's', tool: 'remote' },
    });
    registry.register([remote], {
      runtime: {
        specificationVersion: 'v1',
        kind: 'mcp',
        capabilities: () => ({ cancellation: true, progress: false, isolation: 'remote' }),
        load: (definition) => ({ definition, handle: null }),
        execute: async () => 'remote result',
        dispose: async () => {},
      },
    });
    const processor = createProcessor({ registry });
    instrumentProcessor(processor, { tracerProvider: tracing.tracerProvider });
    await processor.execute([{ id: 'm', tool: 'remote', arguments: {} }]);
    const span = tracing.named('execute_tool remote');
    expect(span.attributes).toMatchObject({
      'gen_ai.tool.type': 'extension',
      'mcp.method.name': 'tools/call',
    });
    expect(tracing.spans().filter((item) => item.name.startsWith('tools/call'))).toEqual([]);
  });

  it('uninstall() stops tracing', async () => {
    const { processor, instrumentation } = instrumented([echo]);
    instrumentation.uninstall();
    await processor.execute([{ id: 'a', tool: 'echo', arguments: { text: 'x' } }]);
    expect(tracing.spans()).toEqual([]);
  });
});

function echoInput(name: string) {
  return {
    name,
    description: name,
    inputSchema: {
      type: 'object' as const,
      properties: { text: { type: 'string' as const } },
      required: ['text'],
    },
    execute: (args: Record<string, unknown>) => args.text,
  };
}
