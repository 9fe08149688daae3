import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createRegistry } from '@tp/core';
import { createStreamManager, type StreamManager } from '@tp/mcp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleTools } from './__fixtures__/spawn-server.js';
import { type RunningServer, startServer } from './start-server.js';

/** promtool from PATH, else where scripts/ensure-system-deps.sh puts it. */
function promtool(): string {
  const local = fileURLToPath(new URL('../../../.tools/bin/promtool', import.meta.url));
  if (spawnSync('promtool', ['--version']).status === 0) return 'promtool';
  if (existsSync(local)) return local;
  throw new Error('promtool is missing: run scripts/ensure-system-deps.sh');
}

/** An OTLP/HTTP receiver on 127.0.0.1 keeping the JSON bodies posted to /v1/traces. */
async function otlpReceiver() {
  const bodies: unknown[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      if (request.url === '/v1/traces') bodies.push(JSON.parse(body));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans: () =>
      bodies.flatMap((body) =>
        (
          body as { resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }> }
        ).resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans)),
      ),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

interface OtlpSpan {
  readonly name: string;
  readonly traceId: string;
  readonly parentSpanId?: string;
  readonly attributes: Array<{ key: string; value: { stringValue?: string } }>;
}

describe('tp serve telemetry: /metrics and OTLP traces', () => {
  let receiver: Awaited<ReturnType<typeof otlpReceiver>>;
  let server: RunningServer;
  let client: StreamManager;

  beforeAll(async () => {
    receiver = await otlpReceiver();
    server = await startServer({
      port: 0,
      tools: [exampleTools],
      log: () => {},
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_SERVICE_NAME: 'tp-test' },
    });
    client = createStreamManager({
      registry: createRegistry(),
      snapshotStore: false,
      servers: { tp: { url: server.url! } },
    });
    await client.start();
  });
  afterAll(async () => {
    await client?.close();
    await server?.close();
    await receiver?.close();
  });

  it('serves /metrics that promtool check metrics accepts, the processor’s tp_* metrics included', async () => {
    await client.callTool('tp', 'default.convert_temperature', { value: 100, from: 'C', to: 'F' });
    const response = await fetch(server.healthUrl!.replace('/health', '/metrics'));
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).toMatch(
      /^tp_tool_calls_total\{tool="convert_temperature",namespace="default",runtime="in-process",outcome="ok"\} 1$/m,
    );
    expect(text).toMatch(/^tp_tool_call_duration_seconds_bucket\{/m);
    const checked = spawnSync(promtool(), ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(`${checked.stdout}${checked.stderr}`.trim()).toBe('');
    expect(checked.status).toBe(0);
  });

  it('exports an execute_tool span per call over OTLP, continuing the trace the client sent in _meta', async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    await client.callTool(
      'tp',
      'default.text_stats',
      { text: 'one two' },
      { meta: { traceparent: `00-${traceId}-b7ad6b7169203331-01` } },
    );
    await server.close(); // flushes the batch of spans
    const span = receiver.spans().find((item) => item.name === 'execute_tool text_stats');
    expect(span).toBeDefined();
    expect(span!.traceId).toBe(traceId);
    expect(span!.parentSpanId).toBe('b7ad6b7169203331');
    expect(span!.attributes).toContainEqual({
      key: 'gen_ai.operation.name',
      value: { stringValue: 'execute_tool' },
    });
  });
});
