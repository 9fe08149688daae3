import type { EventBus, ExecutionContext, TpEventOf } from '@tp/core';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ToolLabels } from './label-policy.js';

/** Seconds: from sub-millisecond in-process tools to slow remote ones. */
const DURATION_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];
/** Guards take microseconds to milliseconds. */
const GUARD_BUCKETS = [0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1];

const CIRCUIT_STATE_VALUE = { closed: 0, half_open: 1, open: 2 } as const;

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
  const tool = ['tool', 'namespace'] as const;
  const calls = new Counter({
    name: 'tp_tool_calls_total',
    help: 'Tool calls that ended, by outcome (ok, error, cached).',
    labelNames: [...tool, 'runtime', 'outcome'],
    registers,
  });
  const errors = new Counter({
    name: 'tp_tool_errors_total',
    help: 'Failed tool calls by error code.',
    labelNames: [...tool, 'code'],
    registers,
  });
  const duration = new Histogram({
    name: 'tp_tool_call_duration_seconds',
    help: 'Duration of a tool call, every stage, attempt and wait included.',
    labelNames: [...tool, 'runtime', 'outcome'],
    buckets: DURATION_BUCKETS,
    registers,
  });
  const attemptDuration = new Histogram({
    name: 'tp_tool_attempt_duration_seconds',
    help: 'Duration of one attempt (one runtime invocation, bounded by the timeout).',
    labelNames: [...tool, 'runtime', 'ok'],
    buckets: DURATION_BUCKETS,
    registers,
  });
  const inFlight = new Gauge({
    name: 'tp_tool_calls_in_flight',
    help: 'Tool calls between call:start and call:end.',
    labelNames: [...tool],
    registers,
  });
  const retries = new Counter({
    name: 'tp_tool_retries_total',
    help: 'Retries scheduled after a failed attempt.',
    labelNames: [...tool],
    registers,
  });
  const cache = new Counter({
    name: 'tp_cache_requests_total',
    help: 'Cache lookups by result (hit, miss).',
    labelNames: [...tool, 'result'],
    registers,
  });
  const circuitState = new Gauge({
    name: 'tp_circuit_breaker_state',
    help: 'Circuit breaker state of a tool: 0 closed, 1 half_open, 2 open.',
    labelNames: [...tool],
    registers,
  });
  const circuitTransitions = new Counter({
    name: 'tp_circuit_breaker_transitions_total',
    help: 'Circuit breaker state changes.',
    labelNames: [...tool, 'from', 'to'],
    registers,
  });
  const rateLimited = new Counter({
    name: 'tp_rate_limit_rejections_total',
    help: 'Calls refused by the rate limiter (reject mode, or a wait past the deadline).',
    labelNames: [...tool],
    registers,
  });
  const waits = new Histogram({
    name: 'tp_stage_wait_seconds',
    help: 'Time calls waited in a stage (rate-limit, bulkhead) before going on or giving up.',
    labelNames: [...tool, 'stage', 'acquired'],
    buckets: DURATION_BUCKETS,
    registers,
  });
  const bulkheadRejected = new Counter({
    name: 'tp_bulkhead_rejections_total',
    help: 'Calls the bulkhead refused (queue_full, timeout).',
    labelNames: [...tool, 'reason'],
    registers,
  });
  const guardVerdicts = new Counter({
    name: 'tp_guard_verdicts_total',
    help: 'Guard verdicts by guard, phase, verdict and the verdict applied.',
    labelNames: ['guard', 'phase', 'verdict', 'applied'],
    registers,
  });
  const guardLatency = new Histogram({
    name: 'tp_guard_duration_seconds',
    help: 'Latency a guard added to a plan or a call.',
    labelNames: ['guard', 'phase'],
    buckets: GUARD_BUCKETS,
    registers,
  });

  // Calls that passed call:start (those refused before it never entered the gauge).
  const started = new WeakMap<ExecutionContext, Set<string>>();
  const off = [
    events.on('call:start', (event) => {
      let ids = started.get(event.context);
      if (!ids) started.set(event.context, (ids = new Set()));
      ids.add(event.callId);
      inFlight.inc(labels(event.namespace, event.tool));
    }),
    events.on('call:end', (event) => {
      const { result } = event;
      const named = labels(result.namespace, result.tool);
      const outcome = result.ok ? (result.cached ? 'cached' : 'ok') : 'error';
      const series = { ...named, runtime: result.runtime, outcome };
      calls.inc(series);
      duration.observe(series, result.durationMs / 1000);
      if (!result.ok) errors.inc({ ...named, code: result.error.code });
      if (started.get(event.context)?.delete(result.callId)) inFlight.dec(named);
    }),
    events.on('attempt:end', (event) =>
      attemptDuration.observe(
        { ...labels(event.namespace, event.tool), runtime: event.runtime, ok: String(event.ok) },
        event.durationMs / 1000,
      ),
    ),
    events.on('retry:scheduled', (event) => retries.inc(labels(event.namespace, event.tool))),
    events.on('cache:hit', (event) =>
      cache.inc({ ...labels(event.namespace, event.tool), result: 'hit' }),
    ),
    events.on('cache:miss', (event) =>
      cache.inc({ ...labels(event.namespace, event.tool), result: 'miss' }),
    ),
    events.on('circuit:state-change', (event: TpEventOf<'circuit:state-change'>) => {
      const named = labels(event.namespace, event.tool);
      circuitState.set(named, CIRCUIT_STATE_VALUE[event.to]);
      circuitTransitions.inc({ ...named, from: event.from, to: event.to });
    }),
    events.on('rate-limit:limited', (event) => {
      if (event.mode === 'reject') rateLimited.inc(labels(event.namespace, event.tool));
    }),
    events.on('stage:wait', (event) =>
      waits.observe(
        {
          ...labels(event.namespace, event.tool),
          stage: event.stage,
          acquired: String(event.acquired),
        },
        event.waitedMs / 1000,
      ),
    ),
    events.on('bulkhead:rejected', (event) =>
      bulkheadRejected.inc({ ...labels(event.namespace, event.tool), reason: event.reason }),
    ),
    events.on('guard:verdict', (event) => {
      if (event.dryRun) return;
      guardVerdicts.inc({
        guard: event.guard,
        phase: event.phase,
        verdict: event.verdict,
        applied: event.applied,
      });
      guardLatency.observe({ guard: event.guard, phase: event.phase }, event.latencyUs / 1e6);
    }),
  ];
  return () => {
    for (const unsubscribe of off) unsubscribe();
  };
}
