import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exampleConfig,
  exampleTools,
  inspectorBin,
  run,
  type SpawnedServer,
  serverBin,
  spawnHttpServer,
} from './__fixtures__/spawn-server.js';

// The MCP Inspector CLI as a real, independent client (v1 SDK) of our server.
const inspector = (target: readonly string[], method: readonly string[]) =>
  run(process.execPath, [inspectorBin, '--cli', ...target, ...method]);

describe('MCP Inspector CLI against apps/server', () => {
  let http: SpawnedServer;
  let inspectorConfig: string;
  beforeAll(async () => {
    http = await spawnHttpServer(['--config', exampleConfig]);
    // The inspector has a --config of its own, so the stdio server is described in its config format.
    inspectorConfig = join(await mkdtemp(join(tmpdir(), 'tp-inspector-')), 'mcp.json');
    await writeFile(
      inspectorConfig,
      JSON.stringify({
        mcpServers: {
          tp: { command: process.execPath, args: [serverBin, '--stdio', '--tools', exampleTools] },
        },
      }),
    );
  });
  afterAll(async () => {
    http?.child.kill('SIGTERM');
    await http?.exited;
  });

  const targets = {
    stdio: () => ['--config', inspectorConfig, '--server', 'tp'],
    'streamable HTTP': () => [http.url, '--transport', 'http'],
  };

  for (const [transport, target] of Object.entries(targets)) {
    describe(transport, () => {
      it('tools/list succeeds', async () => {
        const result = await inspector(target(), ['--method', 'tools/list']);
        expect(result.code, result.stderr).toBe(0);
        const names = (JSON.parse(result.stdout) as { tools: Array<{ name: string }> }).tools.map(
          (tool) => tool.name,
        );
        expect(names).toEqual(
          expect.arrayContaining(['default.text_stats', 'default.convert_temperature']),
        );
      });

      it('tools/call succeeds', async () => {
        const result = await inspector(target(), [
          '--method',
          'tools/call',
          '--tool-name',
          'default.text_stats',
          '--tool-arg',
          'text=hello inspector',
        ]);
        expect(result.code, result.stderr).toBe(0);
        expect(JSON.parse(result.stdout)).toMatchObject({ structuredContent: { words: 2 } });
      });

      it('an unknown tool exits non-zero', async () => {
        const result = await inspector(target(), [
          '--method',
          'tools/call',
          '--tool-name',
          'default.no_such_tool',
        ]);
        expect(result.code).not.toBe(0);
        expect(result.stdout + result.stderr).toMatch(/no_such_tool/);
      });
    });
  }

  it('gets an upstream image result through tp serve block by block', async () => {
    const result = await inspector(targets['streamable HTTP'](), [
      '--method',
      'tools/call',
      '--tool-name',
      'everything.get-tiny-image',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const { content } = JSON.parse(result.stdout) as {
      content: Array<{ type: string; mimeType?: string; data?: string }>;
    };
    expect(content.map((block) => block.type)).toEqual(['text', 'image', 'text']);
    expect(content[1]).toMatchObject({
      mimeType: 'image/png',
      data: expect.stringMatching(/^iVBOR/),
    });
  });
});
