import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Proves on the BUILT output that @tp/core's root entry runs on any JS platform: no `node:`
// import and no Node builtin anywhere in its static import graph. `turbo run test` builds first
// (test dependsOn build); running vitest alone without a build fails here, loudly.

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const distEntry = resolve(packageRoot, 'dist/index.js');
const packageJson = JSON.parse(readFileSync(resolve(packageRoot, 'package.json'), 'utf8')) as {
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const allowedPackages = new Set([
  ...Object.keys(packageJson.dependencies ?? {}),
  ...Object.keys(packageJson.peerDependencies ?? {}).filter((name) => name !== 'vitest'),
]);

/** Static `import`/`export … from` and `import '…'`, plus `import('…')` with a literal. */
const specifierPatterns = [
  /(?:^|[\s;}])(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g,
  /(?:^|[\s;}])import\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

function specifiersOf(source: string): string[] {
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return specifierPatterns.flatMap((pattern) =>
    [...withoutComments.matchAll(pattern)].map((match) => match[1]!),
  );
}

function importGraph(entry: string) {
  const files = new Set<string>();
  const bare = new Map<string, string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of specifiersOf(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier));
      else bare.set(specifier, file);
    }
  };
  visit(entry);
  return { files, bare };
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

describe("@tp/core's public API", () => {
  it('exports the names the issue makes a contract, and its version', async () => {
    const core: Record<string, unknown> = await import('./index.js');
    for (const name of [
      'defineTool',
      'createRegistry',
      'createProcessor',
      'parseToolCalls',
      'createInProcessRuntime',
      'createEventBus',
      'toErrorInfo',
    ]) {
      expect(typeof core[name], name).toBe('function');
    }
    expect(typeof (core.TpError as { isInstance?: unknown }).isInstance).toBe('function');
    const ConfigurationError = core.ConfigurationError as new (
      field: string,
      problem: string,
    ) => Error;
    expect(new ConfigurationError('x', 'y')).toBeInstanceOf(core.TpError);
    expect(Object.keys(core.ErrorCode as object)).toEqual(
      expect.arrayContaining([
        'TOOL_NOT_FOUND',
        'TOOL_VALIDATION_ERROR',
        'TOOL_EXECUTION_FAILED',
        'TOOL_TIMEOUT',
        'TOOL_CANCELLED',
        'PARSER_ERROR',
        'TOOL_RATE_LIMITED',
        'TOOL_CIRCUIT_OPEN',
        'BULKHEAD_FULL',
        'GUARD_BLOCKED',
        'RUNTIME_UNAVAILABLE',
        'CONFIGURATION_ERROR',
      ]),
    );
    expect(core.VERSION).toBe(packageJson.version);
  });
});

describe("@tp/core's built root entry", () => {
  it('exists (build before testing: turbo runs build first)', () => {
    expect(
      existsSync(distEntry),
      `${distEntry} is missing: run "pnpm exec turbo run build --filter=@tp/core" first`,
    ).toBe(true);
  });

  it('imports no node: module or Node builtin, and only its declared dependencies', () => {
    const { files, bare } = importGraph(distEntry);
    expect(files.size).toBeGreaterThan(10);
    const offenders = [...bare].filter(([specifier]) => builtins.has(specifier));
    expect(offenders, 'Node-only imports reachable from the root entry').toEqual([]);
    const undeclared = [...bare].filter(
      ([specifier]) => !allowedPackages.has(packageName(specifier)),
    );
    expect(undeclared, 'imports of packages core does not declare').toEqual([]);
    // The checker sees bare imports: ajv's is there (a lazy `import()`, see import-cost.test.ts).
    expect([...bare.keys()].map(packageName)).toContain('ajv');
  });

  it('finds every kind of import the checker must see', () => {
    const sample = [
      "import { a } from './a.js';",
      'import {\n  b,\n  c,\n} from "node:fs";',
      "export { d } from './d.js';",
      "export * as e from 'e-pkg';",
      "import './side-effect.js';",
      "const lazy = await import('node:worker_threads');",
      "import type_ from 'path';",
      "/* import { x } from 'node:commented'; */",
      'const text = "not an import from here";',
    ].join('\n');
    expect(specifiersOf(sample).sort()).toEqual(
      [
        './a.js',
        'node:fs',
        './d.js',
        'e-pkg',
        './side-effect.js',
        'node:worker_threads',
        'path',
      ].sort(),
    );
  });
});
