import type { EventBus, ExecutionContext, TpEventOf } from '@tp/core';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { ToolLabels } from './label-policy.js';
import { cachedHistogram, scrapedNumbers } from './series.js';

/** Seconds: from sub-millisecond in-process tools to slow remote ones. */
const DURATION_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];
/** Guards take microseconds to milliseconds. */
const GUARD_BUCKETS = [0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1];

const CIRCUIT_STATE_VALUE = { closed: 0, half_open: 1, open: 2 } as const;
const TOOL = ['tool', 'namespace'] as const;

/**
 * The processor's Prometheus metrics (snake_case, `tp_` prefix, base units, `_total` counters) on
 * `registry`, fed by its events. Every tool label goes through `labels` (bounded cardinality).
 */
export function processorMetrics(
  events: Pick<EventBus, 'on'>,
  registry: Registry,
  labels: (namespace: string, tool: string) => ToolLabels,
): () => void {
  const registers = [registry];
  const calls = scrapedNumbers(
    registry,
    {
      name: 'tp_tool_calls_total',
      help: 'Tool calls that ended, by outcome (ok, cached, error).',
      labelNames: [...TOOL, 'runtime', 'outcome'],
    },
    'counter',
  );
  const duration = cachedHistogram(registry, {
    name: 'tp_tool_call_duration_seconds',
    help: 'Duration of a tool call, every stage, attempt and wait included.',
    labelNames: [...TOOL, 'runtime', 'outcome'],
    buckets: DURATION_BUCKETS,
  });
  const errors = scrapedNumbers(
    registry,
    {
      name: 'tp_tool_errors_total',
      help: 'Failed tool calls by error code.',
      labelNames: [...TOOL, 'code'],
    },
    'counter',
  );
  const inFlight = scrapedNumbers(
    registry,
    {
      name: 'tp_tool_calls_in_flight',
      help: 'Tool calls between call:start and call:end.',
      labelNames: [...TOOL],
    },
    'gauge',
  );
  const retries = scrapedNumbers(
    registry,
    {
      name: 'tp_tool_retries_total',
      help: 'Retries scheduled after a failed attempt.',
      labelNames: [...TOOL],
    },
    'counter',
  );
  const cache = scrapedNumbers(
    registry,
    {
      name: 'tp_cache_requests_total',
      help: 'Cache lookups by result (hit, miss).',
      labelNames: [...TOOL, 'result'],
    },
    'counter',
  );
  const waits = cachedHistogram(registry, {
    name: 'tp_stage_wait_seconds',
    help: 'Time calls waited in a stage (rate-limit, bulkhead) before going on or giving up.',
    labelNames: [...TOOL, 'stage', 'acquired'],
    buckets: DURATION_BUCKETS,
  });
  const guardVerdicts = scrapedNumbers(
    registry,
    {
      name: 'tp_guard_verdicts_total',
      help: 'Guard verdicts by guard, phase, verdict and the verdict applied.',
      labelNames: ['guard', 'phase', 'verdict', 'applied'],
    },
    'counter',
  );
  const guardLatency = cachedHistogram(registry, {
    name: 'tp_guard_duration_seconds',
    help: 'Latency a guard added to a plan or a call.',
    labelNames: ['guard', 'phase'],
    buckets: GUARD_BUCKETS,
  });
  // Rare events: plain prom-client metrics.
  const circuitState = new Gauge({
    name: 'tp_circuit_breaker_state',
    help: 'Circuit breaker state of a tool: 0 closed, 1 half_open, 2 open.',
    labelNames: [...TOOL],
    registers,
  });
  const circuitTransitions = new Counter({
    name: 'tp_circuit_breaker_transitions_total',
    help: 'Circuit breaker state changes.',
    labelNames: [...TOOL, 'from', 'to'],
    registers,
  });
  const rateLimited = new Counter({
    name: 'tp_rate_limit_rejections_total',
    help: 'Calls refused by the rate limiter (reject mode, or a wait past the deadline).',
    labelNames: [...TOOL],
    registers,
  });
  const bulkheadRejected = new Counter({
    name: 'tp_bulkhead_rejections_total',
    help: 'Calls the bulkhead refused (queue_full, timeout).',
    labelNames: [...TOOL, 'reason'],
    registers,
  });

  /** Guards by name: the owner objects of their series. */
  const guards = new Map<string, object>();
  const guardOwner = (name: string) => {
    let owner = guards.get(name);
    if (!owner) guards.set(name, (owner = {}));
    return owner;
  };
  // Calls that passed call:start (those refused before it never entered the gauge).
  const started = new WeakMap<ExecutionContext, Set<string>>();

  const off = [
    events.on('call:start', (event) => {
      let ids = started.get(event.context);
      if (!ids) started.set(event.context, (ids = new Set()));
      ids.add(event.callId);
      const tool = labels(event.namespace, event.tool);
      inFlight.at(tool, '', () => ({ ...tool })).value++;
    }),
    events.on('call:end', (event) => {
      const { result } = event;
      const tool = labels(result.namespace, result.tool);
      const outcome = result.ok ? (result.cached ? 'cached' : 'ok') : 'error';
      const variant = `${result.runtime}\u0000${outcome}`;
      const series = () => ({ ...tool, runtime: result.runtime, outcome });
      calls.at(tool, variant, series).value++;
      duration.at(tool, variant, series).observe(result.durationMs / 1000);
      if (!result.ok) {
        const code = result.error.code;
        errors.at(tool, code, () => ({ ...tool, code })).value++;
      }
      if (started.get(event.context)?.delete(result.callId)) {
        inFlight.at(tool, '', () => ({ ...tool })).value--;
      }
    }),
    events.on('retry:scheduled', (event) => {
      const tool = labels(event.namespace, event.tool);
      retries.at(tool, '', () => ({ ...tool })).value++;
    }),
    events.on('cache:hit', (event) => {
      const tool = labels(event.namespace, event.tool);
      cache.at(tool, 'hit', () => ({ ...tool, result: 'hit' })).value++;
    }),
    events.on('cache:miss', (event) => {
      const tool = labels(event.namespace, event.tool);
      cache.at(tool, 'miss', () => ({ ...tool, result: 'miss' })).value++;
    }),
    events.on('stage:wait', (event) => {
      const tool = labels(event.namespace, event.tool);
      const acquired = String(event.acquired);
      waits
        .at(tool, `${event.stage}\u0000${acquired}`, () => ({
          ...tool,
          stage: event.stage,
          acquired,
        }))
        .observe(event.waitedMs / 1000);
    }),
    events.on('guard:verdict', (event) => {
      if (event.dryRun) return;
      const owner = guardOwner(event.guard);
      const { guard, phase, verdict, applied } = event;
      guardVerdicts.at(owner, `${phase}\u0000${verdict}\u0000${applied}`, () => ({
        guard,
        phase,
        verdict,
        applied,
      })).value++;
      guardLatency.at(owner, phase, () => ({ guard, phase })).observe(event.latencyUs / 1e6);
    }),
    events.on('circuit:state-change', (event: TpEventOf<'circuit:state-change'>) => {
      const tool = labels(event.namespace, event.tool);
      circuitState.set({ ...tool }, CIRCUIT_STATE_VALUE[event.to]);
      circuitTransitions.inc({ ...tool, from: event.from, to: event.to });
    }),
    events.on('rate-limit:limited', (event) => {
      if (event.mode === 'reject') rateLimited.inc({ ...labels(event.namespace, event.tool) });
    }),
    events.on('bulkhead:rejected', (event) =>
      bulkheadRejected.inc({ ...labels(event.namespace, event.tool), reason: event.reason }),
    ),
  ];
  return () => {
    for (const unsubscribe of off) unsubscribe();
  };
}
