import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { ConfigurationError, type ToolDefinition } from '@tp/core';
import type { NpxToolSource } from '../define-js-tool.js';

const run = promisify(execFile);
const markerFile = '.tp-npx.json';

/** What the cache records of one installed package. */
export interface InstalledPackage {
  readonly package: string;
  readonly version: string;
  /** The integrity npm's lockfile recorded for the package. */
  readonly integrity: string;
  readonly dir: string;
  /** Whether it was in the cache already (no npm run). */
  readonly cached: boolean;
}

/** The cache directory of `name@version`: one per exact version, named by its hash. */
export function packageDir(cacheDir: string, name: string, version: string): string {
  const hash = createHash('sha256').update(`${name}@${version}`).digest('hex').slice(0, 32);
  return join(cacheDir, 'npm', hash);
}

/** The installed package of an npm tool, or undefined when it is not (completely) installed. */
export function installedPackage(cacheDir: string, name: string, version: string) {
  const dir = packageDir(cacheDir, name, version);
  const marker = readJson(join(dir, markerFile)) as
    | Omit<InstalledPackage, 'dir' | 'cached'>
    | undefined;
  if (marker?.package !== name || marker.version !== version) return undefined;
  const lockfile = readJson(join(dir, 'package-lock.json')) as LockFile | undefined;
  if (lockfile?.packages?.[`node_modules/${name}`]?.integrity !== marker.integrity)
    return undefined;
  return { ...marker, dir };
}

interface LockFile {
  readonly packages?: Readonly<Record<string, { version?: string; integrity?: string }>>;
}

/**
 * Installs the packages of the npm tools among `tools` into `cacheDir` (exact versions, scripts
 * disabled, no dev dependencies), each once: a package already in the cache is reused offline.
 * Runs in the host, never in a sandbox and never at call time. A package npm cannot install is a
 * ConfigurationError naming the tool's `package` field.
 */
export async function installNpmTools(
  tools: readonly ToolDefinition[],
  options: { readonly cacheDir: string; readonly npm?: string },
): Promise<InstalledPackage[]> {
  const installed: InstalledPackage[] = [];
  for (const tool of tools) {
    const source = tool.source as Partial<NpxToolSource> | undefined;
    if (source?.kind !== 'npm' || !source.package || !source.version) continue;
    const found = installedPackage(options.cacheDir, source.package, source.version);
    if (found) {
      installed.push({ ...found, cached: true });
      continue;
    }
    installed.push(await install(tool.name, source.package, source.version, options));
  }
  return installed;
}

async function install(
  tool: string,
  name: string,
  version: string,
  options: { readonly cacheDir: string; readonly npm?: string },
): Promise<InstalledPackage> {
  const dir = packageDir(options.cacheDir, name, version);
  // Installed aside and renamed into place, so a reader never sees half a package.
  const building = `${dir}.${process.pid}.${randomBytes(4).toString('hex')}`;
  mkdirSync(building, { recursive: true });
  try {
    writeFileSync(join(building, 'package.json'), '{"private":true}\n');
    await run(
      options.npm ?? 'npm',
      [
        'install',
        '--prefix',
        building,
        '--ignore-scripts',
        '--omit=dev',
        '--save-exact',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        `${name}@${version}`,
      ],
      { timeout: 300_000, maxBuffer: 16 * 1024 * 1024 },
    );
    const lockfile = readJson(join(building, 'package-lock.json')) as LockFile | undefined;
    const entry = lockfile?.packages?.[`node_modules/${name}`];
    if (entry?.version !== version || !entry.integrity) {
      throw new Error(`npm's lockfile has no integrity for ${name}@${version}`);
    }
    const marker = { package: name, version, integrity: entry.integrity };
    writeFileSync(join(building, markerFile), `${JSON.stringify(marker)}\n`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dirname(dir), { recursive: true });
    renameSync(building, dir);
    return { ...marker, dir, cached: false };
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new ConfigurationError(
      `tool "${tool}".package`,
      `cannot install ${name}@${version}: ${stderr || (error instanceof Error ? error.message : String(error))}`,
      error,
    );
  }
}

function readJson(path: string): unknown {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}
