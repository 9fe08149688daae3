import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type FileWatch, watchFile } from './watch-file.js';

let dir: string;
let watch: FileWatch | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tp-watch-file-'));
});
afterEach(async () => {
  await watch?.close();
  rmSync(dir, { recursive: true, force: true });
});

const until = async (condition: () => boolean) => {
  const deadline = Date.now() + 5_000;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
};

it('reports content changes (the last of quick saves too) and deletion', async () => {
  const file = join(dir, 'config.json');
  writeFileSync(file, '{}');
  const seen: (string | undefined)[] = [];
  watch = await watchFile(file, (text) => void seen.push(text), { debounceMs: 5 });
  for (let index = 1; index <= 5; index += 1) {
    await new Promise((r) => setTimeout(r, 10));
    writeFileSync(file, `{"n":${index}}`);
  }
  await until(() => seen.at(-1) === '{"n":5}');
  expect(seen.at(-1)).toBe('{"n":5}');
  const before = seen.length;
  writeFileSync(file, '{"n":5}'); // same content: no call
  await new Promise((r) => setTimeout(r, 200));
  expect(seen).toHaveLength(before);
  rmSync(file);
  await until(() => seen.at(-1) === undefined);
  expect(seen.at(-1)).toBeUndefined();
});
