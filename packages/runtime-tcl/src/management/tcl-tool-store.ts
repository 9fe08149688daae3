import { randomUUID } from 'node:crypto';
import { access, mkdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { sha256Hex, TpError } from '@tp/core';
import { formatTclMcpPath, type TclMcpPath } from '../loading/tcl-mcp-path.js';
import {
  type StoredTclTool,
  type StoredToolIndex,
  toStoredPath,
} from '../loading/tool-store-format.js';
import type { TclParameter } from '../tcl-parameters.js';

type UserPath = Extract<TclMcpPath, { kind: 'user' }>;

export interface NewStoredTool {
  readonly description: string;
  readonly script: string;
  readonly parameters: readonly TclParameter[];
}

/**
 * Writes the TCL MCP server's store format: one JSON file per user tool plus `index.json`.
 * Every file is written to a temporary name and renamed over the old one, so a crash never
 * leaves half a file; changes are serialized so concurrent adds cannot lose index entries.
 */
export class TclToolStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly dataDir: string) {}

  /** The file a user tool lives in: `users/<user>/<package>/<name>[_<version>].json`. */
  fileOf(path: UserPath): string {
    const file =
      path.version === 'latest' ? `${path.name}.json` : `${path.name}_${path.version}.json`;
    return join(this.dataDir, 'users', path.user, path.package, file);
  }

  add(path: UserPath, tool: NewStoredTool): Promise<StoredTclTool> {
    return this.serialized(async () => {
      const file = this.fileOf(path);
      if (await exists(file)) throw failure(`Tool '${formatTclMcpPath(path)}' already exists`);
      const now = new Date().toISOString();
      const checksum = sha256Hex(tool.script).slice(0, 16);
      const stored: StoredTclTool = {
        metadata: { id: randomUUID(), created_at: now, updated_at: now, checksum, file_version: 1 },
        tool: {
          path: toStoredPath(path),
          description: tool.description,
          script: tool.script,
          parameters: tool.parameters,
        },
      };
      await mkdir(dirname(file), { recursive: true });
      await writeAtomically(file, JSON.stringify(stored, null, 2));
      const index = await this.readIndex();
      index.tools[formatTclMcpPath(path)] = {
        path: stored.tool.path,
        file_path: file,
        checksum,
        updated_at: now,
      };
      index.last_updated = now;
      await writeAtomically(join(this.dataDir, 'index.json'), JSON.stringify(index, null, 2));
      return stored;
    });
  }

  remove(path: TclMcpPath): Promise<void> {
    return this.serialized(async () => {
      const text = formatTclMcpPath(path);
      if (path.kind !== 'user') throw failure(`Cannot remove system tool '${text}'`);
      const file = this.fileOf(path);
      if (!(await exists(file))) throw failure(`Tool '${text}' not found`);
      const index = await this.readIndex();
      delete index.tools[text];
      index.last_updated = new Date().toISOString();
      await writeAtomically(join(this.dataDir, 'index.json'), JSON.stringify(index, null, 2));
      await rm(file);
      // Like the server: drop the package and user folders once empty.
      for (const dir of [dirname(file), dirname(dirname(file))]) {
        await rmdir(dir).catch(() => {});
      }
    });
  }

  private async readIndex(): Promise<StoredToolIndex> {
    try {
      return JSON.parse(
        await readFile(join(this.dataDir, 'index.json'), 'utf8'),
      ) as StoredToolIndex;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return { tools: {}, last_updated: new Date().toISOString() };
      }
      throw error;
    }
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => {});
    return next;
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, text, { flag: 'wx' });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

function failure(message: string): TpError {
  return new TpError({ code: 'TOOL_EXECUTION_FAILED', message, retryable: false });
}
