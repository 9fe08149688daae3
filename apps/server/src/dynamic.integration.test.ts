import { createRegistry } from '@tp/core';
import { createStreamManager, type StreamManager } from '@tp/mcp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleTools } from './__fixtures__/spawn-server.js';
import { parseServerArgs } from './parse-server-args.js';
import { type RunningServer, startServer } from './start-server.js';

describe('startServer({ dynamic: true }) over Streamable HTTP', () => {
  let server: RunningServer;
  let client: StreamManager;
  const clientRegistry = createRegistry();

  beforeAll(async () => {
    server = await startServer({
      port: 0,
      tools: [exampleTools],
      dynamic: true,
      pinned: ['notes.save'],
      log: () => {},
    });
    client = createStreamManager({
      registry: clientRegistry,
      snapshotStore: false,
      servers: { tp: { url: server.url! } },
    });
    await client.start();
  });
  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  it('lists only the meta-tools and the pinned tools', () => {
    expect(server.processor.registry.list().length).toBeGreaterThan(4);
    expect(
      clientRegistry
        .list()
        .map((tool) => tool.name)
        .sort(),
    ).toEqual(['call_tool', 'get_tool_schema', 'save', 'search_tools']);
  });

  it('reaches an unlisted tool through search_tools, get_tool_schema and call_tool', async () => {
    const found = (await client.callTool('tp', 'search_tools', {
      query: 'celsius fahrenheit',
    })) as { tools: { name: string; why: string }[] };
    expect(found.tools[0]?.name).toBe('default.convert_temperature');
    expect(found.tools[0]?.why).toContain('celsius');
    const schema = (await client.callTool('tp', 'get_tool_schema', {
      name: 'default.convert_temperature',
    })) as { inputSchema: { properties: Record<string, unknown> } };
    expect(Object.keys(schema.inputSchema.properties)).toContain('value');
    const converted = await client.callTool('tp', 'call_tool', {
      name: 'default.convert_temperature',
      arguments: { value: 100, from: 'C', to: 'F' },
    });
    expect(converted).toEqual({ value: 212, unit: 'F' });
  });

  it('answers an unknown tool with a TOOL_NOT_FOUND error result', async () => {
    await expect(
      client.callTool('tp', 'call_tool', { name: 'no_such_tool' }),
    ).rejects.toMatchObject({
      code: 'TOOL_NOT_FOUND',
    });
  });

  it('is switched on by --dynamic and --pin', () => {
    expect(parseServerArgs(['--dynamic', '--pin', 'a.b', '--pin', 'c'])).toMatchObject({
      dynamic: true,
      pinned: ['a.b', 'c'],
    });
  });
});
