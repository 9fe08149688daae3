import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

async function entries(dir: string) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    // An absent folder of the layout (no sbin/, no users/) simply holds no tools.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Sub-folder names of `dir`, sorted; none when `dir` does not exist. */
export async function listFolders(dir: string): Promise<string[]> {
  return (await entries(dir))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Paths of the files in `dir` whose name ends with `extension`, sorted. */
export async function listFiles(dir: string, extension: string): Promise<string[]> {
  return (await entries(dir))
    .filter((entry) => entry.isFile() && entry.name.endsWith(extension))
    .map((entry) => join(dir, entry.name))
    .sort();
}
