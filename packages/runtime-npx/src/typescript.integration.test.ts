import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { useNpxRuntimes } from './__fixtures__/npx-test-runtimes.js';
import { defineJsTool } from './define-js-tool.js';

const file = fileURLToPath(new URL('./__fixtures__/ts-tools/greet.ts', import.meta.url));
const cacheDir = mkdtempSync(join(tmpdir(), 'tp-npx-ts-cache-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));
const { setup } = useNpxRuntimes();

describe('TypeScript tools', () => {
  for (const sandbox of ['process', 'thread', 'none'] as const) {
    it(`run compiled, with relative imports, and fail with a stack at the .ts line (${sandbox})`, async () => {
      const { run } = setup(
        [
          defineJsTool({ name: 'greet', file }),
          defineJsTool({ name: 'boom', file, export: 'boom' }),
        ],
        { sandbox, cacheDir },
      );
      expect(await run('greet', { name: 'ada' })).toMatchObject({ ok: true, value: 'HELLO ADA' });
      const failed = await run('boom');
      expect(failed.error).toMatchObject({ code: 'TOOL_EXECUTION_FAILED', message: 'ts boom' });
      expect(String(failed.error?.details?.stack)).toContain(`${file}:12`);
    });
  }
});
