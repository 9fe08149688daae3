import { type MeterProvider, metrics, type TracerProvider, trace } from '@opentelemetry/api';
import type { EventBus, Processor } from '@tp/core';
import { Registry } from 'prom-client';
import { type ToolLabelPolicy, toolLabeler } from './metrics/label-policy.js';
import { otelMetrics } from './metrics/otel-metrics.js';
import { processorMetrics } from './metrics/prometheus-metrics.js';
import { upstreamMetrics } from './metrics/upstream-metrics.js';
import { traceCalls } from './trace/call-spans.js';

export const INSTRUMENTATION_NAME = '@tp/otel';
export const INSTRUMENTATION_VERSION = '0.1.0';

export interface InstrumentOptions {
  /** Where spans go (default: the global tracer provider, a no-op until one is registered). */
  readonly tracerProvider?: TracerProvider;
  /** Where OTel metrics go (default: the global meter provider). */
  readonly meterProvider?: MeterProvider;
  /** Prometheus registry for the `tp_*` metrics (default: a new one per instrumentation). */
  readonly registry?: Registry;
  /**
   * Record `gen_ai.tool.call.arguments` and `.result` on spans (default false: they may hold
   * secrets). Even then, only what the guards let events show (withheld arguments are left out).
   */
  readonly recordArguments?: boolean;
  /** Bounded tool-label cardinality of the Prometheus metrics (overflow bucket `_overflow`). */
  readonly toolLabels?: ToolLabelPolicy;
  /** StreamManagers (`manager.events`) whose upstream server health becomes metrics. */
  readonly streamManagers?: readonly { readonly events: Pick<EventBus, 'onAny'> }[];
}

export interface Instrumentation {
  /** The Prometheus registry holding the `tp_*` metrics (serve `registry.metrics()` on /metrics). */
  readonly registry: Registry;
  /** Stops listening (spans already started end with their calls no more). */
  uninstall(): void;
}

/**
 * Traces and metrics for a processor from its events alone (docs/otel.md): a GenAI
 * `execute_tool` span per call with children for attempts and stage waits, Prometheus `tp_*`
 * metrics on a per-instance registry, and the MCP conventions' `mcp.client.operation.duration`.
 */
export function instrumentProcessor(
  processor: Pick<Processor, 'events' | 'registry'>,
  options: InstrumentOptions = {},
): Instrumentation {
  const registry = options.registry ?? new Registry();
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(
    INSTRUMENTATION_NAME,
    INSTRUMENTATION_VERSION,
  );
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(
    INSTRUMENTATION_NAME,
    INSTRUMENTATION_VERSION,
  );
  const off = [
    traceCalls(processor.events, {
      tracer,
      registry: processor.registry,
      recordArguments: options.recordArguments === true,
    }),
    processorMetrics(processor.events, registry, toolLabeler(options.toolLabels)),
    otelMetrics(processor.events, meter),
    ...(options.streamManagers ?? []).map((manager) => upstreamMetrics(manager.events, registry)),
  ];
  return {
    registry,
    uninstall() {
      for (const unsubscribe of off) unsubscribe();
    },
  };
}
