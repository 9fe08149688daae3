// `node list-module-loads.mjs <file>`: imports the file and prints what that loaded, a line each:
// `resolved <url>` for every ES module import (through a loader hook) and `required <path>` for
// every CommonJS module in require.cache afterwards.
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

register('./module-loads-hooks.mjs', import.meta.url);
await import(pathToFileURL(process.argv[2]).href);
for (const path of Object.keys(createRequire(import.meta.url).cache)) {
  process.stdout.write(`required ${path}\n`);
}
