import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { compileTypeScript } from './compile-typescript.js';

const fixtures = fileURLToPath(new URL('../__fixtures__/ts-tools/', import.meta.url));
const temps: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-npx-ts-'));
  temps.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('compileTypeScript (real swc)', () => {
  it('compiles the tool directory once and reuses it while no input changes', () => {
    const tool = join(temp(), 'tool');
    cpSync(fixtures, tool, { recursive: true });
    const cache = temp();
    const first = compileTypeScript(join(tool, 'greet.ts'), cache);
    expect(first.hit).toBe(false);
    expect(first.file).toBe(join(first.dir, 'greet.js'));
    expect(readFileSync(join(first.dir, 'shout.js'), 'utf8')).toContain('toUpperCase');
    expect(readFileSync(first.file, 'utf8')).toContain('sourceMappingURL=data:');
    expect(compileTypeScript(join(tool, 'greet.ts'), cache)).toEqual({ ...first, hit: true });
    // A change in any file of the tool (here the imported one) is a new compilation.
    writeFileSync(join(tool, 'shout.ts'), 'export const shout = (t: string): string => t;\n');
    const changed = compileTypeScript(join(tool, 'greet.ts'), cache);
    expect(changed.hit).toBe(false);
    expect(changed.dir).not.toBe(first.dir);
  });

  it('throws on code swc cannot parse', () => {
    const tool = temp();
    writeFileSync(join(tool, 'bad.ts'), 'export const = ;\n');
    expect(() => compileTypeScript(join(tool, 'bad.ts'), temp())).toThrow();
  });
});
