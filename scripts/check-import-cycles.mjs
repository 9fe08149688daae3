// Fails when a file of packages/core/src imports itself through other files (an import cycle),
// type-only imports included: a cycle makes the load order matter and the folders inseparable.
// The relative import specifiers are read with a regular expression, which suffices for our
// sources (ESM, `.js` specifiers naming `.ts` files); run it with `node scripts/check-import-cycles.mjs [dir]`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? 'packages/core/src');
const importPattern =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveImport(from, specifier) {
  const target = resolve(dirname(from), specifier);
  for (const candidate of [
    target.replace(/\.js$/, '.ts'),
    `${target}.ts`,
    join(target, 'index.ts'),
  ]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

const graph = new Map();
for (const file of sourceFiles(root)) {
  const imports = new Set();
  for (const match of readFileSync(file, 'utf8').matchAll(importPattern)) {
    const target = resolveImport(file, match[1] ?? match[2]);
    if (target) imports.add(target);
  }
  graph.set(file, [...imports]);
}

// Depth-first search; a back edge to a file on the current path closes a cycle.
const cycles = [];
const state = new Map(); // file -> 'open' | 'done'
const path = [];
function visit(file) {
  state.set(file, 'open');
  path.push(file);
  for (const next of graph.get(file) ?? []) {
    if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next]);
    else if (!state.has(next)) visit(next);
  }
  path.pop();
  state.set(file, 'done');
}
for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);

const name = (file) => relative(root, file);
if (cycles.length > 0) {
  console.error(`[tp] import cycles in ${relative(process.cwd(), root)}:`);
  for (const cycle of cycles) console.error(`- ${cycle.map(name).join(' -> ')}`);
  process.exit(1);
}
console.log(`[tp] no import cycles in ${relative(process.cwd(), root)} (${graph.size} files)`);
