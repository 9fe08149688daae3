import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SDK_PACKAGES } from './sdk-adapter.js';

const srcDir = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__fixtures__' ? [] : sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

describe('SDK adapter boundary', () => {
  it('is the only module (tests included) that imports the MCP SDK', () => {
    const importers = sourceFiles(srcDir).filter((file) => {
      const source = readFileSync(file, 'utf8');
      return SDK_PACKAGES.some((name) =>
        new RegExp(`from ['"]${name}(/[^'"]*)?['"]|import\\(['"]${name}`).test(source),
      );
    });
    expect(importers.map((file) => relative(srcDir, file))).toEqual([
      join('sdk', 'sdk-adapter.ts'),
    ]);
  });
});
