import { type Dirent, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Whether a path is a file the runtime reads: its extension listed, no hidden part. */
export function acceptsFile(path: string, extensions: readonly string[] | undefined): boolean {
  const name = basename(path);
  if (name.startsWith('.')) return false;
  return extensions === undefined || extensions.some((extension) => name.endsWith(extension));
}

/** Every accepted file under `dir` (hidden folders and node_modules skipped); none if it is absent. */
export function listToolFiles(dir: string, extensions: readonly string[] | undefined): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name.startsWith('.') || entry.name === 'node_modules'
        ? []
        : listToolFiles(path, extensions);
    }
    return entry.isFile() && acceptsFile(path, extensions) ? [path] : [];
  });
}
