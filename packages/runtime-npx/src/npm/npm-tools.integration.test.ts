import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useNpxRuntimes } from '../__fixtures__/npx-test-runtimes.js';
import { defineNpmTool } from './define-npm-tool.js';
import { installNpmTools, packageDir } from './npm-cache.js';

// Real npm installs from the registry (the package `ms`, tiny and stable) into a temp cache.
const cacheDir = mkdtempSync(join(tmpdir(), 'tp-npx-npm-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));
const { setup } = useNpxRuntimes();

const msTool = (name: string, version: string) =>
  defineNpmTool({
    name,
    description: 'Converts a duration like "2h" to milliseconds, or milliseconds to "1m"',
    package: 'ms',
    version,
    export: 'default',
    inputSchema: {
      type: 'object',
      properties: { value: { type: ['string', 'number'] } },
      required: ['value'],
    },
  });
const ms = msTool('ms', '2.1.3');

describe('npm package tools', () => {
  it('refuses a tool whose package is not installed: nothing installs at call time', async () => {
    const { run } = setup([ms], { cacheDir });
    const result = await run('ms', { value: '2h' });
    expect(result.error).toMatchObject({
      code: 'CONFIGURATION_ERROR',
      details: { field: 'tool "ms".package' },
    });
    expect(result.error?.message).toContain('not installed');
  });

  it('installs an exact version once (scripts off, integrity recorded) and reuses the cache offline', async () => {
    const [first] = await installNpmTools([ms], { cacheDir });
    expect(first).toMatchObject({ package: 'ms', version: '2.1.3', cached: false });
    expect(first?.integrity).toMatch(/^sha512-/);
    expect(first?.dir).toBe(packageDir(cacheDir, 'ms', '2.1.3'));
    const lock = JSON.parse(readFileSync(join(first?.dir ?? '', 'package-lock.json'), 'utf8'));
    expect(lock.packages['node_modules/ms'].integrity).toBe(first?.integrity);
    // A broken npm proves the second install never runs it.
    const [again] = await installNpmTools([ms], { cacheDir, npm: '/nonexistent/npm' });
    expect(again).toMatchObject({ cached: true, integrity: first?.integrity });
  });

  for (const sandbox of ['process', 'thread', 'none'] as const) {
    it(`calls the export with the arguments in schema order (${sandbox})`, async () => {
      const { run, runtime } = setup([ms], { cacheDir, sandbox });
      await runtime.install([ms]);
      expect(await run('ms', { value: '2h' })).toMatchObject({ ok: true, value: 7_200_000 });
      expect(await run('ms', { value: 60_000 })).toMatchObject({ ok: true, value: '1m' });
    });
  }

  it('fails with CONFIGURATION_ERROR naming the package field when npm cannot install it', async () => {
    const missing = msTool('ms_future', '999.0.0');
    await expect(installNpmTools([missing], { cacheDir })).rejects.toMatchObject({
      code: 'CONFIGURATION_ERROR',
      details: { field: 'tool "ms_future".package' },
      message: expect.stringContaining('ms@999.0.0'),
    });
  });
});
