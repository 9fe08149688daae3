import type { TracerProvider } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ConfigurationError } from '@tp/core';

export interface Tracing {
  readonly tracerProvider: TracerProvider;
  /** Exports what is buffered and stops (server shutdown). */
  shutdown(): Promise<void>;
}

/**
 * OTLP trace export configured by the standard OTEL_* variables (docs/otel.md): on when
 * OTEL_TRACES_EXPORTER is `otlp` or an OTLP endpoint is set, off when OTEL_SDK_DISABLED is true
 * or OTEL_TRACES_EXPORTER is `none`. OTLP over HTTP with JSON bodies (`http/json`).
 */
export function tracingFromEnv(env: NodeJS.ProcessEnv): Tracing | undefined {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (exporters.includes('none')) return undefined;
  const unknown = exporters.filter((name) => name !== 'otlp');
  if (unknown.length > 0) {
    throw new ConfigurationError(
      'OTEL_TRACES_EXPORTER',
      `"${unknown.join(', ')}" is not supported: use otlp or none`,
    );
  }
  const url = tracesEndpoint(env);
  if (exporters.length === 0 && url === undefined) return undefined;
  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL;
  if (protocol !== undefined && protocol !== 'http/json') {
    throw new ConfigurationError(
      env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL !== undefined
        ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'
        : 'OTEL_EXPORTER_OTLP_PROTOCOL',
      `"${protocol}" is not supported: tp serve exports http/json`,
    );
  }
  const exporter = new OTLPTraceExporter({
    url: url ?? 'http://localhost:4318/v1/traces',
    headers: headersFrom(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS ?? env.OTEL_EXPORTER_OTLP_HEADERS),
  });
  const tracerProvider = new BasicTracerProvider({
    resource: defaultResource()
      .merge(resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME ?? 'tp-server' }))
      .merge(detectResources({ detectors: [envDetector] })),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  return { tracerProvider, shutdown: () => tracerProvider.shutdown() };
}

/** OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as is, else OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces. */
function tracesEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  const own = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (own) return own;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined;
}

/** `key1=value1,key2=value2` (values URL-encoded), as the OTLP exporter spec defines them. */
function headersFrom(value: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (value ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    headers[pair.slice(0, at).trim()] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return headers;
}
