import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProcessor, createRegistry, defineTool, type Processor } from '@tp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fixtureServer,
  loopbackPreload,
  type RunningPeer,
  startEverything,
} from '../__fixtures__/peers.js';
import { StdioClientTransport } from '../client/stdio-client-transport.js';
import { createStreamManager, type StreamManager } from '../client/stream-manager.js';
import { SdkClient, StreamableHTTPClientTransport } from '../sdk/sdk-adapter.js';
import { createMcpServer, type McpServerHandle } from './create-mcp-server.js';

type Client = InstanceType<typeof SdkClient>;

async function sdkClient(transport: Parameters<Client['connect']>[0]) {
  const client = new SdkClient({ name: 'passthrough-test', version: '1' });
  await client.connect(transport);
  return client;
}

// Upstreams: the fixture (SDK server over stdio: mixed media, _meta, isError with blocks) and
// server-everything over Streamable HTTP. The SDK client reads each directly and through tp.
describe('upstream results reach MCP clients through tp unchanged', () => {
  let everything: RunningPeer;
  let manager: StreamManager;
  let processor: Processor;
  let mcp: McpServerHandle;
  let http: Server;
  let viaTp: Client;
  let fixtureDirect: Client;
  let everythingDirect: Client;

  beforeAll(async () => {
    everything = await startEverything('streamableHttp');
    const registry = createRegistry();
    registry.register(
      defineTool({
        name: 'stats',
        description: 'A native tool with an object result',
        inputSchema: { type: 'object' },
        execute: () => ({ mean: 3 }),
      }),
    );
    manager = createStreamManager({
      registry,
      snapshotStore: false,
      servers: {
        fixture: { command: process.execPath, args: [fixtureServer] },
        everything: { url: everything.url },
      },
    });
    await manager.start();
    // Retries on: an upstream tool error must still run once.
    processor = createProcessor({
      registry,
      runtimes: [manager.runtime],
      retry: { maxAttempts: 3, baseDelayMs: 1 },
    });
    mcp = createMcpServer({ processor, upstreams: manager });
    http = createServer((request, response) => void mcp.handleHttpRequest(request, response));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const port = (http.address() as AddressInfo).port;
    viaTp = await sdkClient(
      new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)),
    );
    fixtureDirect = await sdkClient(
      new StdioClientTransport({
        command: process.execPath,
        args: ['--require', loopbackPreload, fixtureServer],
      }),
    );
    everythingDirect = await sdkClient(new StreamableHTTPClientTransport(new URL(everything.url)));
  });
  afterAll(async () => {
    await Promise.allSettled([viaTp?.close(), fixtureDirect?.close(), everythingDirect?.close()]);
    await mcp?.close();
    http?.closeAllConnections();
    await new Promise((resolve) => http?.close(resolve));
    await processor?.close();
    await everything?.stop();
  });

  it.each([
    ['fixture', 'mixed', {}],
    ['everything', 'get-tiny-image', {}],
    ['everything', 'get-annotated-message', { messageType: 'error', includeImage: true }],
    ['everything', 'get-resource-links', { count: 3 }],
    ['everything', 'get-structured-content', { location: 'Chicago' }],
    ['everything', 'echo', { message: 'plain text' }],
  ] as const)(
    '%s %s %j: block by block, with structuredContent and _meta',
    async (server, tool, args) => {
      const direct = server === 'fixture' ? fixtureDirect : everythingDirect;
      const expected = await direct.callTool({ name: tool, arguments: { ...args } });
      const proxied = await viaTp.callTool({ name: `${server}.${tool}`, arguments: { ...args } });
      expect(proxied).toEqual(expected);
    },
  );

  it.each(['Text', 'Blob'])(
    'everything get-resource-reference %s: the embedded resource',
    async (type) => {
      const args = { resourceType: type, resourceId: 2 };
      const expected = await everythingDirect.callTool({
        name: 'get-resource-reference',
        arguments: args,
      });
      const proxied = await viaTp.callTool({
        name: 'everything.get-resource-reference',
        arguments: args,
      });
      // The resource's text/blob carries the time it was read (to the second): compare the rest.
      const timeless = (result: unknown) =>
        JSON.parse(JSON.stringify(result), (key, value) =>
          key === 'resource'
            ? { ...value, text: typeof value.text, blob: typeof value.blob }
            : value,
        );
      expect(timeless(proxied)).toEqual(timeless(expected));
      expect((proxied.content as Array<{ type: string }>)[1]).toMatchObject({
        type: 'resource',
        resource: { uri: `demo://resource/dynamic/${type.toLowerCase()}/2` },
      });
    },
  );

  it('covers images, audio, embedded resources, links, annotations and _meta', async () => {
    const proxied = await viaTp.callTool({ name: 'fixture.mixed', arguments: {} });
    expect((proxied.content as Array<{ type: string }>).map((block) => block.type)).toEqual([
      'text',
      'image',
      'audio',
      'resource',
      'resource',
      'resource_link',
    ]);
    expect(proxied).toMatchObject({
      content: [
        { annotations: { audience: ['user'], priority: 0.9 } },
        {},
        { _meta: {} },
        { resource: { text: 'embedded text' } },
        { resource: { blob: 'AAEC' } },
        {},
      ],
      structuredContent: { blocks: 6 },
      _meta: { 'example.com/trace': 'abc' },
    });
  });

  it('passes a tool error on with the upstream text unprefixed and our code in structuredContent', async () => {
    const direct = await fixtureDirect.callTool({ name: 'fail-rich', arguments: {} });
    const proxied = await viaTp.callTool({ name: 'fixture.fail-rich', arguments: {} });
    expect(proxied).toEqual({
      isError: true,
      content: direct.content,
      _meta: direct._meta,
      structuredContent: {
        error: expect.objectContaining({
          code: 'TOOL_EXECUTION_FAILED',
          message: 'quota exceeded',
          retryable: false,
          details: expect.objectContaining({ server: 'fixture', remoteTool: 'fail-rich' }),
        }),
      },
    });
    const plain = await viaTp.callTool({ name: 'fixture.fail', arguments: { message: 'no' } });
    expect(plain.content).toEqual([{ type: 'text', text: 'fixture failure: no' }]);
  });

  it('does not retry a tool error of a non-idempotent upstream tool', async () => {
    const failures = async () =>
      (await viaTp.callTool({ name: 'fixture.failures', arguments: {} })).structuredContent;
    const before = (await failures()) as { failures: number };
    const [result] = await processor.execute([
      { id: 'once', tool: 'fixture.fail', arguments: { message: 'x' } },
    ]);
    expect(result).toMatchObject({
      ok: false,
      attempts: 1,
      error: { code: 'TOOL_EXECUTION_FAILED', retryable: false, details: { failure: 'tool' } },
    });
    expect(await failures()).toEqual({ failures: before.failures + 1 });
  });

  it('keeps native tools as text plus structuredContent', async () => {
    expect(await viaTp.callTool({ name: 'default.stats', arguments: {} })).toEqual({
      content: [{ type: 'text', text: '{"mean":3}' }],
      structuredContent: { mean: 3 },
    });
  });

  it('lists upstream tools as their servers list them (title, icons, annotations, _meta, $schema)', async () => {
    const listed = new Map((await viaTp.listTools()).tools.map((tool) => [tool.name, tool]));
    for (const [server, direct] of [
      ['fixture', fixtureDirect],
      ['everything', everythingDirect],
    ] as const) {
      for (const tool of (await direct.listTools()).tools) {
        expect(listed.get(`${server}.${tool.name}`)).toEqual({
          ...tool,
          name: `${server}.${tool.name}`,
        });
      }
    }
    expect(listed.get('fixture.described')).toMatchObject({
      title: 'Described tool',
      icons: [{ src: 'https://example.invalid/icon.png' }],
      inputSchema: { $schema: 'https://json-schema.org/draft/2020-12/schema' },
      annotations: { openWorldHint: false },
      _meta: { 'example.com/owner': 'fixture' },
    });
  });

  it("serves the upstream's own names with naming 'bare' (qualified only where two collide)", async () => {
    const bare = createMcpServer({ processor, naming: 'bare' });
    const server = createServer(
      (request, response) => void bare.handleHttpRequest(request, response),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const client = await sdkClient(
      new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)),
    );
    try {
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      expect(names).toContain('described');
      expect(names).toContain('stats');
      // Both upstreams have an `echo`: neither may take the bare name.
      expect(names).not.toContain('echo');
      expect(names).toEqual(expect.arrayContaining(['fixture.echo', 'everything.echo']));
      expect(await client.callTool({ name: 'described', arguments: {} })).not.toHaveProperty(
        'isError',
        true,
      );
    } finally {
      await client.close();
      await bare.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("serves the upstreams' resources and prompts: URIs kept, names prefixed with the server", async () => {
    const direct = (await everythingDirect.listResources()).resources;
    expect(direct.length).toBeGreaterThan(0);
    const viaList = (await viaTp.listResources()).resources;
    for (const resource of direct) {
      expect(viaList).toContainEqual({ ...resource, name: `everything.${resource.name}` });
    }
    const [first] = direct;
    expect(await viaTp.readResource({ uri: first!.uri })).toEqual(
      await everythingDirect.readResource({ uri: first!.uri }),
    );
    await expect(viaTp.readResource({ uri: 'test://no-such-resource' })).rejects.toThrow(
      /Unknown resource/,
    );

    const prompts = (await everythingDirect.listPrompts()).prompts;
    expect(prompts.length).toBeGreaterThan(0);
    const viaPrompts = (await viaTp.listPrompts()).prompts;
    for (const prompt of prompts) {
      expect(viaPrompts).toContainEqual({ ...prompt, name: `everything.${prompt.name}` });
    }
    const simple = prompts.find((prompt) => (prompt.arguments ?? []).every((arg) => !arg.required));
    expect(await viaTp.getPrompt({ name: `everything.${simple!.name}` })).toEqual(
      await everythingDirect.getPrompt({ name: simple!.name }),
    );
    // Like a tool, a prompt answers to its bare name when one upstream alone has it.
    expect(await viaTp.getPrompt({ name: simple!.name })).toEqual(
      await everythingDirect.getPrompt({ name: simple!.name }),
    );
    await expect(viaTp.getPrompt({ name: 'no_such_prompt' })).rejects.toThrow(/Unknown prompt/);
  });

  it("serves the upstreams' resource templates and routes completions to the right server", async () => {
    const direct = (await everythingDirect.listResourceTemplates()).resourceTemplates;
    expect(direct.length).toBeGreaterThan(0);
    const viaTemplates = (await viaTp.listResourceTemplates()).resourceTemplates;
    for (const template of direct) {
      expect(viaTemplates).toContainEqual({ ...template, name: `everything.${template.name}` });
    }
    const prompts = (await everythingDirect.listPrompts()).prompts;
    const withArgument = prompts.find((prompt) => (prompt.arguments ?? []).length > 0)!;
    const argument = { name: withArgument.arguments![0]!.name, value: '' };
    const ask = (client: Client, name: string) =>
      client.complete({ ref: { type: 'ref/prompt', name }, argument }).then(
        (result) => ({ result }),
        (error: Error) => ({ error: error.message }),
      );
    const straight = await ask(everythingDirect, withArgument.name);
    const through = await ask(viaTp, `everything.${withArgument.name}`);
    expect('result' in straight).toBe(true);
    expect(through).toEqual(straight);
    expect(await ask(viaTp, withArgument.name)).toEqual(straight);
    await expect(
      viaTp.complete({ ref: { type: 'ref/prompt', name: 'nowhere.prompt' }, argument }),
    ).rejects.toThrow(/Unknown prompt/);
  });
});
