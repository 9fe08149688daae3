// `tp serve --dynamic --pin`: the built binary, a raw Streamable HTTP client (fetch), tools/list.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** One JSON-RPC message from a JSON or an SSE (`data: …`) response. */
async function messageOf(response: Response): Promise<{ result?: { tools?: { name: string }[] } }> {
  const text = await response.text();
  const data = response.headers.get('content-type')?.includes('text/event-stream')
    ? text
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('')
    : text;
  return JSON.parse(data);
}

it('tp serve --dynamic lists only the meta-tools and the pinned tool', async () => {
  const child = spawn(
    process.execPath,
    [
      bin,
      'serve',
      '--port',
      '0',
      '--tools',
      'src/__fixtures__/tools.mjs',
      '--dynamic',
      '--pin',
      'echo',
    ],
    { cwd: appDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk) => {
        out += chunk;
        const match = /listening on (\S+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`tp serve exited (${code})`)));
    });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    };
    const post = (body: unknown) =>
      fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
    const initialized = await post({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'cli-test', version: '1.0.0' },
      },
    });
    expect(initialized.status).toBe(200);
    headers['mcp-session-id'] = initialized.headers.get('mcp-session-id')!;
    headers['mcp-protocol-version'] = '2025-06-18';
    await messageOf(initialized);
    await (await post({ jsonrpc: '2.0', method: 'notifications/initialized' })).text();
    const listed = await messageOf(await post({ jsonrpc: '2.0', id: 2, method: 'tools/list' }));
    expect(listed.result?.tools?.map((tool) => tool.name).sort()).toEqual([
      'call_tool',
      'echo',
      'get_tool_schema',
      'search_tools',
    ]);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
});
