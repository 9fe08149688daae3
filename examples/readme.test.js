// The root README's quick start must work when pasted: this runs the snippet exactly as written,
// from a directory that resolves packages the way examples/ does, and checks what it prints.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const examplesDir = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const readmePath = join(repoRoot, 'README.md');
const biome = join(repoRoot, 'node_modules', '.bin', 'biome');

/** The ```js block right after the quick-start marker comment. */
function quickStart(readme) {
  const match = /<!-- quick-start:[^>]*-->\s*```js\n([\s\S]*?)```/.exec(readme);
  if (!match) throw new Error('README.md has no <!-- quick-start --> ```js block');
  return match[1];
}

describe('README quick start', () => {
  let dir;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tp-readme-'));
    await symlink(join(examplesDir, 'node_modules'), join(dir, 'node_modules'), 'dir');
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('fits in fifteen lines', async () => {
    const lines = quickStart(await readFile(readmePath, 'utf8'))
      .trim()
      .split('\n');
    expect(lines.length).toBeLessThanOrEqual(15);
  });

  it('is formatted the way the repository formats code, so a saved copy passes Biome', async () => {
    const snippet = quickStart(await readFile(readmePath, 'utf8'));
    const biomeRun = run(biome, ['format', '--stdin-file-path=quick-start.mjs'], { cwd: repoRoot });
    biomeRun.child.stdin.end(snippet);
    const { stdout } = await biomeRun;
    expect(stdout).toBe(snippet);
  });

  it('runs as pasted and prints what its comment promises', async () => {
    const snippet = quickStart(await readFile(readmePath, 'utf8'));
    const promised = /console\.log\([^)]*\); \/\/ (.+)$/m.exec(snippet)?.[1];
    expect(promised).toBeDefined();
    const file = join(dir, 'quick-start.mjs');
    await writeFile(file, snippet);
    const { stdout, stderr } = await run(process.execPath, [file], { cwd: dir });
    expect(stderr).toBe('');
    expect(stdout.trim()).toBe(promised);
  });
});
