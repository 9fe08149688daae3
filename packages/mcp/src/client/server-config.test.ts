import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@tp/core';
import { describe, expect, it } from 'vitest';
import { loadMcpConfig, parseServerConfig, transportKindOf } from './server-config.js';

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigurationError) return error.field;
    throw error;
  }
  return undefined;
}

describe('server config', () => {
  it('accepts stdio, SSE and Streamable HTTP entries', () => {
    expect(transportKindOf(parseServerConfig('files', { command: 'npx', args: ['-y', 'x'] }))).toBe(
      'stdio',
    );
    expect(
      transportKindOf(parseServerConfig('a', { type: 'sse', url: 'http://127.0.0.1:1/sse' })),
    ).toBe('sse');
    expect(
      transportKindOf(parseServerConfig('b', { type: 'http', url: 'http://127.0.0.1:1/mcp' })),
    ).toBe('streamable-http');
    expect(transportKindOf(parseServerConfig('c', { url: 'http://127.0.0.1:1/mcp' }))).toBe('auto');
  });

  it('names the offending field', () => {
    expect(fieldOf(() => parseServerConfig('x', { command: '' }))).toBe('servers.x.command');
    expect(fieldOf(() => parseServerConfig('x', { url: 'ftp://nope' }))).toBe('servers.x.url');
    expect(fieldOf(() => parseServerConfig('x', { command: 'a', args: 'not-an-array' }))).toBe(
      'servers.x.args',
    );
    expect(fieldOf(() => parseServerConfig('bad.name', { command: 'a' }))).toBe('servers.bad.name');
    expect(fieldOf(() => parseServerConfig('x', { command: 'a', maxConcurrency: 0 }))).toBe(
      'servers.x.maxConcurrency',
    );
    expect(
      fieldOf(() => parseServerConfig('x', { url: 'http://127.0.0.1:1', maxConcurrency: 1.5 })),
    ).toBe('servers.x.maxConcurrency');
    expect(fieldOf(() => parseServerConfig('x', { command: 'a', timeoutMs: -1 }))).toBe(
      'servers.x.timeoutMs',
    );
    expect(
      fieldOf(() =>
        parseServerConfig('x', { command: 'a', authProvider: { token: async () => 't' } }),
      ),
    ).toBe('servers.x.authProvider');
  });

  it('passes an auth provider through for URL servers', () => {
    const authProvider = { token: async () => 'secret' };
    const config = parseServerConfig('remote', { url: 'http://127.0.0.1:1/mcp', authProvider });
    expect('authProvider' in config && config.authProvider).toBe(authProvider);
  });

  it('takes a token-refresh callback for URL servers and checks it', () => {
    const auth = { getToken: async () => 'secret' };
    const config = parseServerConfig('remote', { url: 'http://127.0.0.1:1/mcp', auth });
    expect('auth' in config && config.auth).toBe(auth);
    const url = 'http://127.0.0.1:1/mcp';
    expect(fieldOf(() => parseServerConfig('x', { command: 'a', auth }))).toBe('servers.x.auth');
    expect(fieldOf(() => parseServerConfig('x', { url, auth: { getToken: 't' } }))).toBe(
      'servers.x.auth.getToken',
    );
    expect(fieldOf(() => parseServerConfig('x', { url, auth, bearerToken: 't' }))).toBe(
      'servers.x.auth',
    );
    expect(
      fieldOf(() =>
        parseServerConfig('x', { url, auth, authProvider: { token: async () => 't' } }),
      ),
    ).toBe('servers.x.auth');
  });

  it('loads the mcpServers JSON format and resolves cwd against the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tp-mcp-config-'));
    const file = join(dir, 'mcp.json');
    await writeFile(
      file,
      JSON.stringify({
        mcpServers: {
          everything: {
            command: 'npx',
            args: ['-y', '@modelcontextprotocol/server-everything'],
            cwd: 'work',
          },
          remote: { url: 'http://127.0.0.1:9/mcp', headers: { 'x-api': '1' } },
        },
      }),
    );
    const servers = await loadMcpConfig(file);
    expect(Object.keys(servers)).toEqual(['everything', 'remote']);
    expect(servers.everything).toMatchObject({ command: 'npx', cwd: join(dir, 'work') });
    await writeFile(file, JSON.stringify({ servers: {} }));
    await expect(loadMcpConfig(file)).rejects.toThrow(/mcpServers/);
  });
});
