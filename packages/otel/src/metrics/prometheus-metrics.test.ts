import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  createEventBus,
  createProcessor,
  createRegistry,
  createToolDefinition,
  defineTool,
  TpError,
} from '@tp/core';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { instrumentProcessor } from '../instrument-processor.js';
import { OVERFLOW_LABEL } from './label-policy.js';

const tool = (name: string, execute: () => unknown = () => 'ok') =>
  defineTool({ name, description: name, inputSchema: { type: 'object' }, execute });

/** The value of one sample line (`name{labels} value`), or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const inside = line.slice(name.length + 1, line.lastIndexOf('}'));
    const parts = inside.split(',');
    if (wanted.every((pair) => parts.includes(pair)))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('instrumentProcessor: Prometheus metrics', () => {
  it('counts calls by tool, namespace, runtime and outcome on its own registry, with durations', async () => {
    const registry = createRegistry();
    let runs = 0;
    registry.register(
      tool('ok'),
      tool('flaky', () => {
        if (runs++ === 0) throw new TpError({ code: 'TOOL_EXECUTION_FAILED', message: 'x' });
        return 'fine';
      }),
    );
    const processor = createProcessor({
      registry,
      retry: { maxAttempts: 2, baseDelayMs: 1, jitter: 'none' },
    });
    const { registry: metrics } = instrumentProcessor(processor);
    await processor.execute([
      { id: '1', tool: 'ok', arguments: {} },
      { id: '2', tool: 'ok', arguments: {} },
      { id: '3', tool: 'flaky', arguments: {} },
      { id: '4', tool: 'missing', arguments: {} },
    ]);
    const text = await metrics.metrics();
    const base = { namespace: 'default', runtime: 'in-process' };
    expect(sample(text, 'tp_tool_calls_total', { tool: 'ok', ...base, outcome: 'ok' })).toBe(2);
    expect(sample(text, 'tp_tool_calls_total', { tool: 'flaky', ...base, outcome: 'ok' })).toBe(1);
    expect(sample(text, 'tp_tool_errors_total', { tool: 'missing', code: 'TOOL_NOT_FOUND' })).toBe(
      1,
    );
    expect(sample(text, 'tp_tool_retries_total', { tool: 'flaky' })).toBe(1);
    expect(sample(text, 'tp_tool_call_duration_seconds_count', { tool: 'ok', outcome: 'ok' })).toBe(
      2,
    );
    expect(sample(text, 'tp_tool_calls_in_flight', { tool: 'ok' })).toBe(0);
    // Its own registry: never the global one, and no default process metrics.
    expect(text).not.toContain('process_cpu');
    expect(metrics).not.toBe((await import('prom-client')).register);
  });

  it('bounds the tool label: past maxTools, tools share the overflow bucket', async () => {
    const registry = createRegistry();
    const names = ['t1', 't2', 't3', 't4', 't5', 'pinned'];
    registry.register(...names.map((name) => tool(name)));
    const processor = createProcessor({ registry });
    const { registry: metrics } = instrumentProcessor(processor, {
      toolLabels: { maxTools: 2, always: ['pinned'] },
    });
    await processor.execute(
      names.map((name, index) => ({ id: `${index}`, tool: name, arguments: {} })),
    );
    const text = await metrics.metrics();
    const tools = new Set(
      [...text.matchAll(/^tp_tool_calls_total\{[^}]*tool="([^"]+)"/gm)].map((match) => match[1]),
    );
    expect(tools).toEqual(new Set(['t1', 't2', 'pinned', OVERFLOW_LABEL]));
    expect(
      sample(text, 'tp_tool_calls_total', { tool: OVERFLOW_LABEL, namespace: OVERFLOW_LABEL }),
    ).toBe(3);
  });

  it('takes a given registry, and rejects a bad label policy naming the field', () => {
    const processor = createProcessor({ registry: createRegistry() });
    const own = new Registry();
    expect(instrumentProcessor(processor, { registry: own }).registry).toBe(own);
    expect(() => instrumentProcessor(processor, { toolLabels: { maxTools: -1 } })).toThrow(
      /toolLabels\.maxTools/,
    );
  });

  it('tracks breaker state and transitions, cache results, rate-limit refusals and guard verdicts', async () => {
    const registry = createRegistry();
    registry.register(
      tool('down', () => {
        throw new TpError({ code: 'TOOL_EXECUTION_FAILED', message: 'down' });
      }),
      defineTool({
        name: 'read',
        description: 'read',
        inputSchema: { type: 'object' },
        sideEffect: 'read_only',
        execute: () => 'value',
      }),
    );
    const processor = createProcessor({
      registry,
      circuitBreaker: { failureThreshold: 1, minimumCalls: 1, resetTimeoutMs: 60_000 },
      cache: { ttlMs: 60_000 },
      rateLimit: { tools: { read: { limit: 2, windowMs: 60_000 } } },
      guards: [
        { specificationVersion: 'v1', name: 'allow-all', pre: () => ({ verdict: 'allow' }) },
      ],
    });
    const { registry: metrics } = instrumentProcessor(processor);
    await processor.execute([{ id: '1', tool: 'down', arguments: {} }]);
    await processor.execute([{ id: '2', tool: 'down', arguments: {} }]);
    for (const id of ['3', '4'])
      await processor.execute([{ id, tool: 'read', arguments: { n: id } }]);
    await processor.execute([{ id: '5', tool: 'read', arguments: { n: '3' } }]);
    await processor.execute([{ id: '6', tool: 'read', arguments: { n: 'new' } }]);
    const text = await metrics.metrics();
    expect(sample(text, 'tp_circuit_breaker_state', { tool: 'down' })).toBe(2);
    expect(
      sample(text, 'tp_circuit_breaker_transitions_total', {
        tool: 'down',
        from: 'closed',
        to: 'open',
      }),
    ).toBe(1);
    expect(sample(text, 'tp_cache_requests_total', { tool: 'read', result: 'hit' })).toBe(1);
    expect(sample(text, 'tp_cache_requests_total', { tool: 'read', result: 'miss' })).toBe(3);
    expect(sample(text, 'tp_rate_limit_rejections_total', { tool: 'read' })).toBe(1);
    expect(
      sample(text, 'tp_guard_verdicts_total', {
        guard: 'allow-all',
        phase: 'pre',
        verdict: 'allow',
      }),
    ).toBeGreaterThan(0);
  });

  it('reports upstream MCP server health from a StreamManager’s mcp:status events', async () => {
    const managerEvents = createEventBus();
    const processor = createProcessor({ registry: createRegistry() });
    const { registry: metrics } = instrumentProcessor(processor, {
      streamManagers: [{ events: managerEvents }],
    });
    const emit = managerEvents.emit as (type: string, payload: unknown) => void;
    emit('mcp:status', {
      server: 'files',
      status: { name: 'files', state: 'ready', latencyMs: 12 },
    });
    emit('mcp:status', { server: 'files', status: { name: 'files', state: 'down' } });
    const text = await metrics.metrics();
    expect(sample(text, 'tp_mcp_server_up', { server: 'files', state: 'down' })).toBe(0);
    expect(sample(text, 'tp_mcp_server_up', { server: 'files', state: 'ready' })).toBeUndefined();
    expect(sample(text, 'tp_mcp_server_latency_seconds', { server: 'files' })).toBe(0.012);
  });
});

class TestReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected async onForceFlush() {}
  protected async onShutdown() {}
}

describe('instrumentProcessor: OTel metrics', () => {
  it('records mcp.client.operation.duration (seconds) for MCP tool calls', async () => {
    const reader = new TestReader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    const registry = createRegistry();
    registry.register(
      [
        createToolDefinition({
          name: 'remote',
          description: 'remote',
          inputSchema: { type: 'object' },
          runtime: 'mcp',
          source: { server: 's', tool: 'remote' },
        }),
      ],
      {
        runtime: {
          specificationVersion: 'v1',
          kind: 'mcp',
          capabilities: () => ({ cancellation: true, progress: false, isolation: 'remote' }),
          load: (definition) => ({ definition, handle: null }),
          execute: async () => 'ok',
          dispose: async () => {},
        },
      },
    );
    const processor = createProcessor({ registry });
    instrumentProcessor(processor, { meterProvider });
    await processor.execute([{ id: '1', tool: 'remote', arguments: {} }]);
    const { resourceMetrics } = await reader.collect();
    const metric = resourceMetrics.scopeMetrics
      .flatMap((scope) => scope.metrics)
      .find((item) => item.descriptor.name === 'mcp.client.operation.duration');
    expect(metric?.descriptor.unit).toBe('s');
    expect(metric?.dataPoints[0]?.attributes).toMatchObject({
      'mcp.method.name': 'tools/call',
      'gen_ai.tool.name': 'remote',
    });
    await meterProvider.shutdown();
  });
});
