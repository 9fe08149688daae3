import { readFileSync } from 'node:fs';
import { componentEmbed, componentNew, parse } from '@bytecodealliance/jco-transpile/wasm-tools';

const here = (path: string) => new URL(path, import.meta.url);
const prelude = readFileSync(here('./wat/prelude.wat'), 'utf8');

/** The tp world (wit/tool.wit) as a nested package, followed by the fixtures' world and WASI subset. */
const witSource = (() => {
  const tool = readFileSync(here('../../wit/tool.wit'), 'utf8').replace(
    /^package (tp:tool@[^;]+);$/m,
    'package $1 {',
  );
  return `${readFileSync(here('./fixtures.wit'), 'utf8')}\n${tool}\n}\n`;
})();

export type Fixture =
  | 'echo'
  | 'fail'
  | 'slow'
  | 'loop'
  | 'grow'
  | 'exit'
  | 'env'
  | 'clock'
  | 'log'
  | 'stdout'
  | 'preopens'
  | 'open'
  | 'calls'
  | 'write';

const built = new Map<Fixture, Promise<Uint8Array>>();

/**
 * Builds the component of `src/__fixtures__/wat/<name>.wat` at test time with jco's wasm-tools
 * (WAT → core module → embedded WIT → component): no binary is checked in. Its first line
 * `;; describe: <json>` is what its describe() returns.
 */
export function buildFixture(name: Fixture): Promise<Uint8Array> {
  let found = built.get(name);
  if (!found) {
    found = build(readFileSync(here(`./wat/${name}.wat`), 'utf8'));
    built.set(name, found);
  }
  return found;
}

/** Builds `src/__fixtures__/typed/<name>.wat` with its own `<name>.wit` (world `<name>`). */
export function buildTypedFixture(name: 'rich' | 'handles'): Promise<Uint8Array> {
  return componentOf(
    readFileSync(here(`./typed/${name}.wat`), 'utf8'),
    readFileSync(here(`./typed/${name}.wit`), 'utf8'),
    name,
  );
}

async function componentOf(wat: string, wit: string, world: string): Promise<Uint8Array> {
  const embedded = await componentEmbed({ binary: await parse(wat), witSource: wit, world });
  return componentNew(embedded);
}

async function build(source: string): Promise<Uint8Array> {
  const description = /^;; describe: (.*)$/m.exec(source)?.[1] ?? '{}';
  const bytes = Buffer.from(description);
  const wat = source.replace(
    ';; @prelude',
    prelude
      .replace('@DESCRIBE_LENGTH@', String(bytes.length))
      .replace(
        '@DESCRIBE@',
        [...bytes].map((byte) => `\\${byte.toString(16).padStart(2, '0')}`).join(''),
      ),
  );
  const module = await parse(wat);
  const embedded = await componentEmbed({
    binary: module,
    witSource,
    world: 'tp:fixtures/fixture',
  });
  return componentNew(embedded);
}
