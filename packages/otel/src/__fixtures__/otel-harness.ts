import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/**
 * An SDK tracer provider recording into memory, and the AsyncLocalStorage context manager
 * registered globally (without one, children lose their parent across awaits).
 */
export function memoryTracing() {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const spans = () => exporter.getFinishedSpans();
  const named = (name: string): ReadableSpan => {
    const found = spans().find((span) => span.name === name);
    if (!found)
      throw new Error(
        `no span "${name}" in ${spans()
          .map((span) => span.name)
          .join(', ')}`,
      );
    return found;
  };
  return {
    tracerProvider,
    spans,
    named,
    reset: () => exporter.reset(),
    tracer: tracerProvider.getTracer('test'),
    shutdown: async () => {
      await tracerProvider.shutdown();
      context.disable();
      trace.disable();
    },
  };
}

/** The span id of a span's parent (SDK 2.x keeps it in parentSpanContext). */
export function parentIdOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}
