import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistry } from '@tp/core';
import { createStreamManager, type StreamManager } from '@tp/mcp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from './start-server.js';

const greet = (word: string) =>
  `# @description Greets someone\n# @param name:string:required Who\n\nreturn "${word} $name"\n`;

describe('tp serve with toolFolders: live reload seen by a connected MCP client', () => {
  let dir: string;
  let server: RunningServer;
  let client: StreamManager;
  const logs: string[] = [];
  const clientRegistry = createRegistry();
  const listed = () =>
    clientRegistry
      .list()
      .map(
        (tool) =>
          (tool.metadata?.mcp as { remoteName?: string } | undefined)?.remoteName ?? tool.name,
      )
      .sort();
  /** Resolves on the next tools/list_changed the client acted on. */
  const listChanged = () =>
    new Promise<void>((resolve) => {
      const stop = client.on((event) => {
        if (event.type === 'tools') {
          stop();
          resolve();
        }
      });
    });
  const save = async (path: string, text: string) => {
    await new Promise((resolve) => setTimeout(resolve, 10));
    writeFileSync(join(dir, 'tools', path), text);
  };
  const greetAda = () => client.callTool('tp', 'bin.greet', { name: 'Ada' });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tp-serve-folders-'));
    mkdirSync(join(dir, 'tools', 'bin'), { recursive: true });
    writeFileSync(join(dir, 'tools', 'bin', 'greet.tcl'), greet('hello'));
    writeFileSync(
      join(dir, 'tp.config.json'),
      JSON.stringify({ toolFolders: [{ dir: './tools', runtime: 'tcl' }] }),
    );
    server = await startServer({
      port: 0,
      configPath: join(dir, 'tp.config.json'),
      log: (line) => logs.push(line),
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
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the folder’s tools', async () => {
    expect(listed()).toEqual(['bin_greet']);
    expect(await greetAda()).toBe('hello Ada');
    expect(logs.join('\n')).toContain('for tools');
  });

  it('edit: list_changed arrives and the new version answers', async () => {
    const changed = listChanged();
    await save('bin/greet.tcl', greet('welcome'));
    await changed;
    expect(await greetAda()).toBe('welcome Ada');
    expect(logs.at(-1)).toMatch(/bin\/greet\.tcl reloaded: bin\.greet@1\.0\.0/);
  });

  it('add: a new file shows up in the client’s list', async () => {
    const changed = listChanged();
    await save(
      'bin/shout.tcl',
      '# @description Shouts\n# @param text:string:required Text\n\nreturn [string toupper $text]\n',
    );
    await changed;
    expect(listed()).toEqual(['bin_greet', 'bin_shout']);
    expect(await client.callTool('tp', 'bin.shout', { text: 'hi' })).toBe('HI');
  });

  it('break then fix: the old version keeps answering and the log says why', async () => {
    await save('bin/greet.tcl', '# @param 9lives:int:required Bad\n\nreturn 1\n');
    const deadline = Date.now() + 10_000;
    while (!logs.some((line) => line.includes('failed to load')) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(logs.find((line) => line.includes('failed to load'))).toMatch(
      /bin\/greet\.tcl failed to load \(CONFIGURATION_ERROR: .*\); still serving bin\.greet@1\.0\.0/,
    );
    expect(await greetAda()).toBe('welcome Ada');
    const changed = listChanged();
    await save('bin/greet.tcl', greet('fixed'));
    await changed;
    expect(await greetAda()).toBe('fixed Ada');
  });

  it('delete: the tool leaves the client’s list', async () => {
    const changed = listChanged();
    rmSync(join(dir, 'tools', 'bin', 'shout.tcl'));
    await changed;
    expect(listed()).toEqual(['bin_greet']);
    expect(logs.at(-1)).toMatch(/shout\.tcl deleted, unregistered bin\.shout@1\.0\.0/);
  });
});
