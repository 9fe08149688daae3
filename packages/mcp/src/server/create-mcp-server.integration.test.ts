import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createProcessor, createRegistry, defineTool, type ProgressUpdate } from '@tp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../__fixtures__/peers.js';
import { createStreamManager, type StreamManager } from '../client/stream-manager.js';
import { createMcpServer, type McpServerHandle } from './create-mcp-server.js';

const tpServerScript = fileURLToPath(new URL('../__fixtures__/tp-server.mjs', import.meta.url));

describe('our client against our server over Streamable HTTP', () => {
  const serverRegistry = createRegistry();
  let cancelledSeen = 0;
  serverRegistry.register(
    defineTool({
      name: 'add',
      namespace: 'math',
      description: 'Adds two numbers',
      inputSchema: {
        type: 'object',
        properties: { a: { type: 'number' }, b: { type: 'number' } },
        required: ['a', 'b'],
      },
      sideEffect: 'read_only',
      idempotent: true,
      execute: ({ a, b }) => ({ sum: a + b }),
    }),
    defineTool({
      name: 'count',
      namespace: 'math',
      description: 'Counts to n, reporting progress',
      inputSchema: { type: 'object', properties: { n: { type: 'number' } } },
      sideEffect: 'write',
      execute: async ({ n }, ctx) => {
        for (let index = 1; index <= n; index++) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          ctx.reportProgress({ progress: index, total: n });
        }
        return n;
      },
    }),
    defineTool({
      name: 'stats',
      namespace: 'math',
      description: 'Mean of numbers, with a declared result shape',
      inputSchema: { type: 'object', properties: { values: { type: 'array' } } },
      outputSchema: {
        type: 'object',
        properties: { mean: { type: 'number' } },
        required: ['mean'],
      },
      execute: ({ values }) => ({
        mean: values.reduce((sum: number, value: number) => sum + value, 0) / values.length,
      }),
    }),
    defineTool({
      name: 'double',
      namespace: 'math',
      description: 'A plain number result under a non-object outputSchema',
      inputSchema: { type: 'object', properties: { n: { type: 'number' } } },
      outputSchema: { type: 'number' },
      execute: ({ n }) => n * 2,
    }),
    defineTool({
      name: 'trace',
      namespace: 'math',
      description: 'Returns the trace context the call arrived with',
      inputSchema: { type: 'object' },
      execute: (_args, ctx) => ({
        traceparent: ctx.context.traceparent ?? null,
        tracestate: ctx.context.tracestate ?? null,
      }),
    }),
    defineTool({
      name: 'wait',
      namespace: 'math',
      description: 'Waits until cancelled',
      inputSchema: { type: 'object' },
      execute: (_args, ctx) =>
        new Promise((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () => {
            cancelledSeen++;
            reject(ctx.signal.reason);
          });
        }),
    }),
  );
  const processor = createProcessor({ registry: serverRegistry });
  let mcp: McpServerHandle;
  let http: Server;
  let manager: StreamManager;
  const clientRegistry = createRegistry();

  beforeAll(async () => {
    mcp = createMcpServer({ processor });
    http = createServer((request, response) => {
      void mcp.handleHttpRequest(request, response);
    });
    // Longer than the client's keep-alive: on a starved machine (parallel suites) the server's
    // 5 s default can close a pooled socket just as the client reuses it ("other side closed").
    http.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    manager = createStreamManager({
      registry: clientRegistry,
      snapshotStore: false,
      servers: { tp: { url: `http://127.0.0.1:${port}/mcp` } },
    });
    await manager.start();
  });
  afterAll(async () => {
    await manager?.close();
    await mcp?.close();
    await new Promise((resolve) => http?.close(resolve));
    await processor.close();
  });

  it('lists every registered tool with schema and hints', () => {
    expect(manager.status().tp).toMatchObject({ state: 'ready', transport: 'streamable-http' });
    expect(clientRegistry.get('tp.math_add')).toMatchObject({
      sideEffect: 'read_only',
      idempotent: true,
    });
    expect(clientRegistry.get('tp.math_count')?.sideEffect).toBe('write');
    expect(clientRegistry.get('tp.math_add')?.inputSchema).toMatchObject({ required: ['a', 'b'] });
  });

  it('routes calls through the processor and keeps structured values and error codes', async () => {
    expect(await manager.callTool('tp', 'math.add', { a: 2, b: 3 })).toEqual({ sum: 5 });
    await expect(manager.callTool('tp', 'math.add', { a: 'x' })).rejects.toMatchObject({
      code: 'TOOL_VALIDATION_ERROR',
    });
    await expect(manager.callTool('tp', 'math.nope', {})).rejects.toMatchObject({
      code: 'TOOL_NOT_FOUND',
    });
  });

  it('carries the W3C trace context from a client processor to the tool behind the server', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const client = createProcessor({ registry: clientRegistry });
    const [traced] = await client.execute([{ id: 't', tool: 'tp.math_trace', arguments: {} }], {
      context: { traceparent, tracestate: 'vendor=value' },
    });
    expect(traced).toMatchObject({ ok: true, value: { traceparent, tracestate: 'vendor=value' } });
    const [untraced] = await client.execute([{ id: 'u', tool: 'tp.math_trace', arguments: {} }]);
    expect(untraced).toMatchObject({ ok: true, value: { traceparent: null, tracestate: null } });
    await client.close();
  });

  it('drops a malformed traceparent (and its tracestate) from a client', async () => {
    expect(
      await manager.callTool(
        'tp',
        'math.trace',
        {},
        { meta: { traceparent: 'nonsense', tracestate: 'a=b' } },
      ),
    ).toEqual({ traceparent: null, tracestate: null });
  });

  it('publishes outputSchema in tools/list, imports it, and returns structuredContent', async () => {
    expect(clientRegistry.get('tp.math_stats')?.outputSchema).toEqual({
      type: 'object',
      properties: { mean: { type: 'number' } },
      required: ['mean'],
    });
    expect(clientRegistry.get('tp.math_add')?.outputSchema).toBeUndefined();
    expect(await manager.callTool('tp', 'math.stats', { values: [1, 2, 6] })).toEqual({ mean: 3 });
    // A non-object root: the SDK's 2025-era projection wraps schema and value as { result }.
    expect(clientRegistry.get('tp.math_double')?.outputSchema).toMatchObject({
      type: 'object',
      properties: { result: { type: 'number' } },
      required: ['result'],
    });
    expect(await manager.callTool('tp', 'math.double', { n: 21 })).toEqual({ result: 42 });
  });

  it('forwards progress and cancellation', async () => {
    const updates: ProgressUpdate[] = [];
    expect(
      await manager.callTool(
        'tp',
        'math.count',
        { n: 4 },
        { onProgress: (update) => updates.push(update) },
      ),
    ).toBe('4');
    expect(updates.map((update) => update.progress)).toEqual([1, 2, 3, 4]);
    const controller = new AbortController();
    const pending = manager
      .callTool('tp', 'math.wait', {}, { signal: controller.signal })
      .catch((error: unknown) => error);
    await eventually(() => manager.status().tp!.calls.inFlight === 1);
    controller.abort();
    await pending;
    await eventually(() => cancelledSeen === 1);
  });

  it('does not leak abort listeners over thousands of HTTP calls sharing one signal', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const shared = new AbortController();
      for (let batch = 0; batch < 10; batch++) {
        await Promise.all(
          Array.from({ length: 200 }, (_, index) =>
            manager.callTool('tp', 'math.add', { a: batch, b: index }, { signal: shared.signal }),
          ),
        );
      }
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual(
      [],
    );
  });

  it('sends tools/list_changed when the registry changes', async () => {
    serverRegistry.register(
      defineTool({
        name: 'late',
        namespace: 'math',
        description: 'added later',
        inputSchema: { type: 'object' },
        execute: () => 'late',
      }),
    );
    await eventually(() => clientRegistry.get('tp.math_late'));
    expect(await manager.callTool('tp', 'math.late', {})).toBe('late');
    serverRegistry.unregister('late', { namespace: 'math' });
    await eventually(() => !clientRegistry.get('tp.math_late'));
  });
});

describe('our client against our server over stdio', () => {
  let manager: StreamManager;
  beforeAll(async () => {
    manager = createStreamManager({
      registry: createRegistry(),
      snapshotStore: false,
      servers: { tp: { command: process.execPath, args: [tpServerScript] } },
    });
    await manager.start();
  });
  afterAll(() => manager?.close());

  it('lists and calls tools, and carries our error codes back', async () => {
    expect(manager.status().tp?.state).toBe('ready');
    expect(await manager.callTool('tp', 'demo.shout', { text: 'hi' })).toBe('HI');
    await expect(manager.callTool('tp', 'demo.deny', {})).rejects.toMatchObject({
      code: 'GUARD_BLOCKED',
      category: 'guard_blocked',
    });
  });
});

describe('the TCL MCP naming scheme as a naming option', () => {
  it('lists and calls tools as bin__x / user__u__p__name__v1_0', async () => {
    const registry = createRegistry();
    registry.register(
      defineTool({
        name: 'tcl_execute',
        namespace: 'bin',
        description: 'x',
        inputSchema: { type: 'object' },
        execute: () => 'bin ok',
      }),
      defineTool({
        name: 'reverse_string',
        namespace: 'user:alice:utils',
        version: '1.0.0',
        description: 'reverses',
        inputSchema: { type: 'object', properties: { text: { type: 'string' } } },
        execute: ({ text }) => [...text].reverse().join(''),
      }),
    );
    const processor = createProcessor({ registry });
    const mcp = createMcpServer({ processor, naming: 'tcl-mcp' });
    const http = createServer((request, response) => void mcp.handleHttpRequest(request, response));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const client = createStreamManager({
      registry: createRegistry(),
      snapshotStore: false,
      servers: { tcl: { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp` } },
    });
    try {
      await client.start();
      expect(await client.callTool('tcl', 'bin__tcl_execute')).toBe('bin ok');
      expect(
        await client.callTool('tcl', 'user__alice__utils__reverse_string__v1_0_0', { text: 'abc' }),
      ).toBe('cba');
    } finally {
      await client.close();
      await mcp.close();
      await new Promise((resolve) => http.close(resolve));
      await processor.close();
    }
  });
});
