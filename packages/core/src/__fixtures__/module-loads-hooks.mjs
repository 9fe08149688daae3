// Module-loader hook for list-module-loads.mjs: prints every module URL an import resolves.
import { writeSync } from 'node:fs';

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  writeSync(1, `resolved ${resolved.url}\n`);
  return resolved;
}
