import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { capMemory } from './cap-memory.js';

/** The `instantiate` function jco generates for sync instantiation. */
export type Instantiate = (
  getCoreModule: (name: string) => WebAssembly.Module,
  imports: Record<string, unknown>,
  instantiateCore: (
    module: WebAssembly.Module,
    imports: WebAssembly.Imports,
  ) => WebAssembly.Instance,
) => Record<string, unknown>;

const glue = new Map<string, Promise<Instantiate>>();
const modules = new Map<string, WebAssembly.Module>();

/** The generated glue of a transpiled component, imported once per folder. */
export function loadInstantiate(dir: string): Promise<Instantiate> {
  let found = glue.get(dir);
  if (!found) {
    found = import(pathToFileURL(join(dir, 'component.js')).href).then(
      (module: { instantiate: Instantiate }) => module.instantiate,
    );
    glue.set(dir, found);
  }
  return found;
}

/** Seeds the module cache with modules another thread compiled (see Invocation.modules). */
export function adoptCoreModules(
  dir: string,
  maxPages: number,
  compiled: Readonly<Record<string, WebAssembly.Module>>,
): void {
  for (const [name, module] of Object.entries(compiled)) {
    modules.set(`${dir}\0${name}\0${maxPages}`, module);
  }
}

/** Every core module of a transpiled component, compiled with its memory capped (see coreModule). */
export function coreModules(
  dir: string,
  files: readonly string[],
  maxPages: number,
): Record<string, WebAssembly.Module> {
  return Object.fromEntries(files.map((name) => [name, coreModule(dir, name, maxPages)]));
}

/**
 * The compiled core module `name` of a transpiled component with its memory capped at `maxPages`,
 * compiled once per (folder, module, cap) and kept in memory.
 */
export function coreModule(dir: string, name: string, maxPages: number): WebAssembly.Module {
  const key = `${dir}\0${name}\0${maxPages}`;
  let module = modules.get(key);
  if (!module) {
    module = new WebAssembly.Module(capMemory(readFileSync(join(dir, name)), maxPages));
    modules.set(key, module);
  }
  return module;
}
