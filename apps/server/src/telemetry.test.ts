import { describe, expect, it } from 'vitest';
import { tracingFromEnv } from './telemetry.js';

describe('tracingFromEnv (the standard OTEL_* variables)', () => {
  it('is off without an exporter or an endpoint, with OTEL_SDK_DISABLED, and with none', () => {
    expect(tracingFromEnv({})).toBeUndefined();
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' };
    expect(tracingFromEnv({ ...endpoint, OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
    expect(tracingFromEnv({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
  });

  it('is on with an OTLP endpoint or OTEL_TRACES_EXPORTER=otlp', async () => {
    for (const env of [
      { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' },
      { OTEL_TRACES_EXPORTER: 'otlp' },
    ]) {
      const tracing = tracingFromEnv(env);
      expect(tracing?.tracerProvider.getTracer('t')).toBeDefined();
      await tracing?.shutdown();
    }
  });

  it('names the variable it cannot honour', () => {
    expect(() => tracingFromEnv({ OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(
      /OTEL_TRACES_EXPORTER.*zipkin/,
    );
    expect(() =>
      tracingFromEnv({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }),
    ).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL.*grpc/);
  });
});
