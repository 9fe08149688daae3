import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { useNpxRuntimes } from './__fixtures__/npx-test-runtimes.js';
import { loadJsTools } from './load-js-tools.js';

const dirOf = (name: string) => fileURLToPath(new URL(`./__fixtures__/${name}/`, import.meta.url));
const cacheDir = mkdtempSync(join(tmpdir(), 'tp-npx-load-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));
const { setup } = useNpxRuntimes();

describe('loadJsTools', () => {
  it('finds default and named tool exports of JS and TS files, with zod or JSON schemas', async () => {
    const tools = await loadJsTools(dirOf('load'), { cacheDir });
    expect(tools.map((tool) => tool.name)).toEqual(['add', 'upper', 'count']);
    const [add, upper, count] = tools;
    expect(add).toMatchObject({
      runtime: 'npx',
      description: 'Adds a and b (b defaults to 1)',
      inputSchema: { type: 'object', required: ['a'], properties: { a: { type: 'number' } } },
      source: { kind: 'file', export: 'default', file: join(dirOf('load'), 'catalog.mjs') },
    });
    expect(upper).toMatchObject({ permissions: { timeMs: 1000 }, source: { export: 'upper' } });
    expect(count?.source).toMatchObject({ file: join(dirOf('load'), 'typed.ts'), export: 'count' });

    const { run } = setup(tools, { cacheDir });
    // The zod default of b applies in the child, where the schema lives.
    expect(await run('add', { a: 2 })).toMatchObject({ ok: true, value: 3 });
    expect(await run('upper', { text: 'abc' })).toMatchObject({ ok: true, value: 'ABC' });
    expect(await run('count', { text: 'one two  three' })).toMatchObject({ ok: true, value: 3 });
    expect((await run('upper', {})).error?.code).toBe('TOOL_VALIDATION_ERROR');
  });

  it('imports the files in the sandbox, not in the host: top-level code cannot read /etc/passwd', async () => {
    const error = await loadJsTools(dirOf('load-hostile'), { cacheDir }).catch((caught) => caught);
    expect(error).toMatchObject({ code: 'CONFIGURATION_ERROR' });
    expect(error.details.field).toContain('peek.mjs');
    expect(error.message).toMatch(/access|denied/i);
    const trusted = await loadJsTools(dirOf('load-hostile'), { cacheDir, inProcess: true });
    expect(trusted[0]?.description).toContain('root:');
  });

  it("is the runtime's discover(), with its cache directory", async () => {
    const { runtime } = setup([], { cacheDir });
    const tools = (await runtime.discover?.(dirOf('load'))) ?? [];
    expect(tools.map((tool) => tool.name)).toEqual(['add', 'upper', 'count']);
  });

  it('names the directory it cannot read', async () => {
    await expect(loadJsTools('/nonexistent/tp-npx-tools')).rejects.toMatchObject({
      code: 'CONFIGURATION_ERROR',
      details: { field: 'loadJsTools(dir)' },
    });
  });
});
