import {
  closeSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  type Stats,
  statSync,
} from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import { InputStream } from './streams.js';

/**
 * wasi:filesystem, read-only, over the directories a tool's `permissions.fs.read` grants: each is
 * preopened under its own absolute path. Every path a guest opens is resolved inside the
 * preopen it starts from — absolute paths, `..` that leaves it and symlinks that point out of it
 * are refused with `not-permitted` — and nothing is ever written.
 */
export function virtualFs(readable: readonly string[]) {
  const roots = readable.map((path) => resolve(path));
  return {
    'wasi:filesystem/preopens': {
      getDirectories: () =>
        roots.map((root) => [new Descriptor(root, root, 'directory'), root] as const),
    },
    'wasi:filesystem/types': {
      Descriptor,
      DirectoryEntryStream,
      filesystemErrorCode: () => undefined,
    },
  };
}

type DescriptorType = 'directory' | 'regular-file';

/** A WASI error-code, returned as the `err` of a result (jco lowers a thrown non-Error value). */
const refuse = (code: string): never => {
  throw code;
};

function errorCode(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no-entry';
    case 'EACCES':
    case 'EPERM':
      return 'access';
    case 'EISDIR':
      return 'is-directory';
    case 'ENOTDIR':
      return 'not-directory';
    default:
      return 'io';
  }
}

function attempt<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (typeof error === 'string') throw error;
    return refuse(errorCode(error));
  }
}

function typeOf(stats: Stats): string {
  if (stats.isDirectory()) return 'directory';
  if (stats.isFile()) return 'regular-file';
  if (stats.isSymbolicLink()) return 'symbolic-link';
  return 'unknown';
}

const timestamp = (ms: number) => ({
  seconds: BigInt(Math.floor(ms / 1000)),
  nanoseconds: Math.floor((ms % 1000) * 1e6),
});

function statOf(stats: Stats) {
  return {
    type: typeOf(stats),
    linkCount: BigInt(stats.nlink),
    size: BigInt(stats.size),
    dataAccessTimestamp: timestamp(stats.atimeMs),
    dataModificationTimestamp: timestamp(stats.mtimeMs),
    statusChangeTimestamp: timestamp(stats.ctimeMs),
  };
}

const within = (root: string, path: string) => path === root || path.startsWith(root + sep);

/** wasi:filesystem/types `descriptor`: a preopened directory or something opened under it. */
export class Descriptor {
  constructor(
    private readonly root: string,
    private readonly path: string,
    private readonly type: DescriptorType,
  ) {}

  /** The host path of `path` under this descriptor, or `not-permitted` when it leaves the preopen. */
  private resolveInside(path: string): string {
    if (this.type !== 'directory') refuse('not-directory');
    if (isAbsolute(path)) refuse('not-permitted');
    const target = resolve(this.path, path);
    if (!within(this.root, target)) refuse('not-permitted');
    // Symlinks are followed on the host: the real path must stay inside the real root.
    const real = attempt(() => realpathSync(target));
    const realRoot = attempt(() => realpathSync(this.root));
    if (!within(realRoot, real)) refuse('not-permitted');
    return target;
  }

  getType(): string {
    return this.type;
  }

  getFlags(): { read: boolean } {
    return { read: true };
  }

  stat() {
    return attempt(() => statOf(statSync(this.path)));
  }

  statAt(_pathFlags: unknown, path: string) {
    const target = this.resolveInside(path);
    return attempt(() => statOf(statSync(target)));
  }

  openAt(
    _pathFlags: unknown,
    path: string,
    openFlags: { create?: boolean; truncate?: boolean; directory?: boolean; exclusive?: boolean },
    flags: { write?: boolean; mutateDirectory?: boolean },
  ): Descriptor {
    if (openFlags.create || openFlags.truncate || flags.write || flags.mutateDirectory) {
      refuse('read-only');
    }
    const target = this.resolveInside(path);
    const stats = attempt(() => statSync(target));
    if (openFlags.directory && !stats.isDirectory()) refuse('not-directory');
    return new Descriptor(this.root, target, stats.isDirectory() ? 'directory' : 'regular-file');
  }

  read(length: bigint, offset: bigint): [Uint8Array, boolean] {
    if (this.type !== 'regular-file') refuse('is-directory');
    return attempt(() => {
      const fd = openSync(this.path, 'r');
      try {
        const buffer = new Uint8Array(Number(length));
        const count = readSync(fd, buffer, 0, buffer.length, Number(offset));
        return [buffer.subarray(0, count), count < buffer.length] as [Uint8Array, boolean];
      } finally {
        closeSync(fd);
      }
    });
  }

  readViaStream(offset: bigint): FileInputStream {
    if (this.type !== 'regular-file') refuse('is-directory');
    return new FileInputStream(this, offset);
  }

  readDirectory(): DirectoryEntryStream {
    if (this.type !== 'directory') refuse('not-directory');
    return new DirectoryEntryStream(
      attempt(() => readdirSync(this.path, { withFileTypes: true })).map((entry) => ({
        type: entry.isDirectory() ? 'directory' : entry.isFile() ? 'regular-file' : 'unknown',
        name: entry.name,
      })),
    );
  }

  metadataHash() {
    const stats = attempt(() => statSync(this.path));
    return { upper: BigInt(stats.ino), lower: BigInt(Math.floor(stats.mtimeMs)) };
  }

  isSameObject(other: Descriptor): boolean {
    return other.path === this.path;
  }

  // Every way to change the filesystem: this filesystem is read-only.
  write(): never {
    return refuse('read-only');
  }
  writeViaStream(): never {
    return refuse('read-only');
  }
  appendViaStream(): never {
    return refuse('read-only');
  }
  createDirectoryAt(): never {
    return refuse('read-only');
  }
  removeDirectoryAt(): never {
    return refuse('read-only');
  }
  unlinkFileAt(): never {
    return refuse('read-only');
  }
  renameAt(): never {
    return refuse('read-only');
  }
  setSize(): never {
    return refuse('read-only');
  }
}

/** wasi:filesystem/types `directory-entry-stream`. */
export class DirectoryEntryStream {
  constructor(private readonly entries: { type: string; name: string }[]) {}
  readDirectoryEntry(): { type: string; name: string } | undefined {
    return this.entries.shift();
  }
}

/** An input stream over a file opened through a preopen. */
class FileInputStream extends InputStream {
  constructor(
    private readonly file: Descriptor,
    private offset: bigint,
  ) {
    super();
  }
  override read(length = 4096n): Uint8Array {
    const [bytes, end] = this.file.read(length, this.offset);
    if (bytes.length === 0 && end) return super.read();
    this.offset += BigInt(bytes.length);
    return bytes;
  }
}
