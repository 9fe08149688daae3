import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// Importing @tp/core must not load a schema library: zod only comes with the user's zod tools
// (converted through Standard JSON Schema), ajv with the first JSON Schema validation. Each
// costs 100-250 ms of start-up (docs/performance.md, "Cold start"). Checked on the BUILT entry
// in a fresh process; `turbo run test` builds first.

const here = dirname(fileURLToPath(import.meta.url));
const lister = resolve(here, '__fixtures__/list-module-loads.mjs');
const require = createRequire(import.meta.url);

async function modulesLoadedBy(file: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)(process.execPath, [lister, file]);
  return stdout.split('\n').filter(Boolean);
}

const schemaLibrary = /[/\\]node_modules[/\\](zod|ajv|ajv-formats)[/\\]/;

describe('importing @tp/core', () => {
  it('loads neither zod nor ajv', { timeout: 60_000 }, async () => {
    const loaded = await modulesLoadedBy(resolve(here, '../dist/index.js'));
    expect(loaded.some((line) => line.includes('/dist/processor/'))).toBe(true);
    expect(loaded.filter((line) => schemaLibrary.test(line))).toEqual([]);
  });

  it('would see them: ES module imports and CommonJS requires are both listed', {
    timeout: 60_000,
  }, async () => {
    const viaZod = await modulesLoadedBy(require.resolve('zod'));
    expect(viaZod.some((line) => line.startsWith('resolved') && schemaLibrary.test(line))).toBe(
      true,
    );
    const viaAjv = await modulesLoadedBy(require.resolve('ajv/dist/2020.js'));
    expect(viaAjv.some((line) => /^required .*ajv[/\\]dist[/\\]core\.js$/.test(line))).toBe(true);
  });
});
