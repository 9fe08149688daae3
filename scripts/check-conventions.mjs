// Checks the conventions that matter (../shared/CONVENTIONS.md) on every workspace package:
// a README, explicit named exports only (no `export *`, no default exports), ESM with an exports
// map, engines.node >= 20, and plugins taking @tp/core as a peer dependency.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const problems = [];
const packagesDir = 'packages';

function walk(dir, visit) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(path, visit);
    } else visit(path);
  }
}

for (const name of readdirSync(packagesDir)) {
  const dir = join(packagesDir, name);
  const manifestPath = join(dir, 'package.json');
  if (!existsSync(manifestPath)) continue;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const label = manifest.name ?? dir;
  if (!existsSync(join(dir, 'README.md'))) problems.push(`${label}: missing README.md`);
  if (manifest.type !== 'module') problems.push(`${label}: "type" must be "module"`);
  if (manifest.sideEffects !== false) problems.push(`${label}: "sideEffects" must be false`);
  // "default" (not "import") so that require() works where Node can require ES modules.
  if (!manifest.exports?.['.']?.types || !manifest.exports?.['.']?.default) {
    problems.push(`${label}: exports["."] needs "types" and "default"`);
  }
  if (!manifest.types || !manifest.main) {
    problems.push(`${label}: "types" and "main" are needed by the node10 resolution`);
  }
  if (!manifest.files?.includes('LICENSE') || !existsSync(join(dir, 'LICENSE'))) {
    problems.push(`${label}: must ship a LICENSE file`);
  }
  if (!/>=\s*20/.test(manifest.engines?.node ?? ''))
    problems.push(`${label}: engines.node must be ">=20"`);
  if (label !== '@tp/core') {
    if (!manifest.peerDependencies?.['@tp/core'])
      problems.push(`${label}: @tp/core must be a peer dependency`);
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      if (dependency.startsWith('@tp/'))
        problems.push(`${label}: plugins must not depend on ${dependency}`);
    }
  }
  walk(join(dir, 'src'), (path) => {
    if (!path.endsWith('.ts') || path.endsWith('.test.ts')) return;
    const source = readFileSync(path, 'utf8');
    if (/^export \* from/m.test(source))
      problems.push(`${path}: use explicit named exports, not export *`);
    if (/^export default /m.test(source)) problems.push(`${path}: no default exports`);
  });
}

// Changesets: a frontmatter of `'<package>': patch|minor|major` lines, and never ignored and
// released packages in one file (`changeset version` refuses such a file).
const ignored = new Set(JSON.parse(readFileSync('.changeset/config.json', 'utf8')).ignore ?? []);
for (const file of readdirSync('.changeset').filter((name) => name.endsWith('.md'))) {
  if (file === 'README.md') continue;
  const path = join('.changeset', file);
  const frontmatter = /^---\n([\s\S]*?)\n---\n/.exec(readFileSync(path, 'utf8'))?.[1];
  const bumps = (frontmatter ?? '').split('\n').filter((line) => line.trim() !== '');
  const names = bumps.map(
    (line) => /^['"]?(@?[\w/.-]+)['"]?\s*:\s*(patch|minor|major)$/.exec(line)?.[1],
  );
  if (!frontmatter || bumps.length === 0 || names.includes(undefined)) {
    problems.push(`${path}: frontmatter must list '<package>': patch|minor|major lines`);
  } else if (names.some((name) => ignored.has(name)) && names.some((name) => !ignored.has(name))) {
    problems.push(`${path}: split it: ${[...ignored].join(', ')} are ignored by changesets`);
  }
}

if (problems.length > 0) {
  console.error(`[tp] convention check failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log('[tp] conventions ok');
