import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive } from './__fixtures__/spawn-server.js';
import { type RunningServer, startServer } from './start-server.js';

const fixtureServer = fileURLToPath(
  new URL('../../../packages/mcp/src/__fixtures__/fixture-server.mjs', import.meta.url),
);

describe('mcpConfigFiles: a desktop client config followed live', () => {
  let dir: string;
  let configFile: string;
  let server: RunningServer;
  const logs: string[] = [];
  const write = (servers: Record<string, unknown>) =>
    writeFileSync(configFile, JSON.stringify({ mcpServers: servers }));
  const until = async (what: string, condition: () => boolean) => {
    const deadline = Date.now() + 20_000;
    while (!condition()) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; log: ${logs.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const namespaces = () => server.processor.registry.namespaces();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tp-mcp-config-'));
    configFile = join(dir, 'claude_desktop_config.json');
    write({ first: { command: process.execPath, args: [fixtureServer] } });
    server = await startServer({
      port: 0,
      mcpConfigFiles: [configFile],
      log: (line) => logs.push(line),
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects the servers the file lists at start', () => {
    expect(server.manager.status().first?.state).toBe('ready');
    expect(namespaces()).toContain('first');
  });

  it('adding a server to the file connects it; removing one closes it and its process', async () => {
    const firstPid = server.manager.status().first!.pid!;
    write({
      first: { command: process.execPath, args: [fixtureServer] },
      second: { command: process.execPath, args: [fixtureServer] },
    });
    await until('second to connect', () => server.manager.status().second?.state === 'ready');
    expect(namespaces()).toEqual(expect.arrayContaining(['first', 'second']));
    const [result] = await server.processor.execute([
      { id: '1', tool: 'second.echo', arguments: { text: 'hi' } },
    ]);
    expect(result?.ok).toBe(true);
    const secondPid = server.manager.status().second!.pid!;

    write({ second: { command: process.execPath, args: [fixtureServer] } });
    const closed = `[tp:server] mcp config ${configFile}: closed "first"`;
    await until('first to close', () => logs.includes(closed));
    expect(server.manager.status().first).toBeUndefined();
    expect(namespaces()).not.toContain('first');
    await until('the first process to exit', () => !isAlive(firstPid));
    expect(isAlive(secondPid)).toBe(true);
  });

  it('a file that does not parse keeps its servers', async () => {
    writeFileSync(configFile, '{ "mcpServers": ');
    await until('the parse error line', () => logs.some((line) => line.includes('is not JSON')));
    expect(server.manager.status().second?.state).toBe('ready');
  });
});
