import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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

describe('compileTypeScript (real esbuild)', () => {
  it('compiles the tool directory once and reuses it while no input changes', () => {
    const tool = join(temp(), 'tool');
    cpSync(fixtures, tool, { recursive: true });
    const cache = temp();
    const first = compileTypeScript(join(tool, 'greet.ts'), cache);
    expect(first.hit).toBe(false);
    expect(first.file).toBe(join(first.dir, 'greet.js'));
    // One bundle: the imported file is inside it.
    expect(readFileSync(first.file, 'utf8')).toContain('toUpperCase');
    expect(readFileSync(first.file, 'utf8')).toContain('sourceMappingURL=data:');
    expect(compileTypeScript(join(tool, 'greet.ts'), cache)).toEqual({ ...first, hit: true });
    // A change in any file of the tool (here the imported one) is a new compilation.
    writeFileSync(join(tool, 'shout.ts'), 'export const shout = (t: string): string => t;\n');
    const changed = compileTypeScript(join(tool, 'greet.ts'), cache);
    expect(changed.hit).toBe(false);
    expect(changed.dir).not.toBe(first.dir);
  });

  it('bundles imports without extensions, with .ts extensions, JSON and from outside the directory', async () => {
    const base = temp();
    const tool = join(base, 'tool');
    mkdirSync(join(tool, 'lib'), { recursive: true });
    mkdirSync(join(base, 'shared'));
    writeFileSync(
      join(tool, 'main.ts'),
      [
        "import { twice } from './lib/twice';",
        "import { suffix } from './lib/suffix.ts';",
        "import data from './data.json';",
        "import { prefix } from '../shared/prefix';",
        'export default (text: string): string => prefix + twice(text) + suffix + data.end;',
      ].join('\n'),
    );
    writeFileSync(join(tool, 'lib', 'twice.ts'), 'export const twice = (t: string) => t + t;\n');
    writeFileSync(join(tool, 'lib', 'suffix.ts'), "export const suffix: string = '!';\n");
    writeFileSync(join(tool, 'data.json'), '{ "end": "." }\n');
    writeFileSync(join(base, 'shared', 'prefix.ts'), "export const prefix = '>';\n");
    const cache = temp();
    const first = compileTypeScript(join(tool, 'main.ts'), cache);
    const run = async (file: string) =>
      (
        (await import(`${pathToFileURL(file).href}?${Math.random()}`)) as {
          default: (t: string) => string;
        }
      ).default('ab');
    expect(await run(first.file)).toBe('>abab!.');
    expect(compileTypeScript(join(tool, 'main.ts'), cache).hit).toBe(true);
    // A file outside the tool's directory is not in the hash, but its change is still seen.
    writeFileSync(join(base, 'shared', 'prefix.ts'), "export const prefix = '<';\n");
    const changed = compileTypeScript(join(tool, 'main.ts'), cache);
    expect(changed.hit).toBe(false);
    expect(await run(changed.file)).toBe('<abab!.');
  });

  it('throws on code esbuild cannot parse', () => {
    const tool = temp();
    writeFileSync(join(tool, 'bad.ts'), 'export const = ;\n');
    expect(() => compileTypeScript(join(tool, 'bad.ts'), temp())).toThrow();
  });
});
