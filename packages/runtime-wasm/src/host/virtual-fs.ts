import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  rmdirSync,
  type Stats,
  statSync,
  truncateSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type { Preopen } from './host-grants.js';
import { InputStream, OutputStream } from './streams.js';

/**
 * wasi:filesystem over the directories a tool's permissions grant: each is preopened under its
 * own absolute path, read-only unless `fs.write` lists it. Every path a guest names is resolved
 * inside the preopen it starts from — absolute paths, `..` that leaves it and symlinks that point
 * out of it are `not-permitted` — and every change in a read-only preopen is `read-only`.
 */
export function virtualFs(preopens: readonly Preopen[]) {
  return {
    'wasi:filesystem/preopens': {
      getDirectories: () =>
        preopens.map(({ path, write }) => {
          const root = resolve(path);
          return [new Descriptor(root, root, 'directory', write), root] as const;
        }),
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

const errorCodes: Readonly<Record<string, string>> = {
  ENOENT: 'no-entry',
  EACCES: 'access',
  EPERM: 'access',
  EISDIR: 'is-directory',
  ENOTDIR: 'not-directory',
  EEXIST: 'exist',
  ENOTEMPTY: 'not-empty',
};

function attempt<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (typeof error === 'string') throw error;
    return refuse(errorCodes[(error as NodeJS.ErrnoException).code ?? ''] ?? 'io');
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

interface OpenFlags {
  readonly create?: boolean;
  readonly directory?: boolean;
  readonly exclusive?: boolean;
  readonly truncate?: boolean;
}

/** wasi:filesystem/types `descriptor`: a preopened directory or something opened under it. */
export class Descriptor {
  constructor(
    private readonly root: string,
    private readonly path: string,
    private readonly type: DescriptorType,
    private readonly writable: boolean,
  ) {}

  /**
   * The host path of `path` under this directory, or `not-permitted` when it leaves the preopen.
   * Symlinks are followed on the host, so the real path must stay inside the real root; a path
   * that does not exist yet (`mayCreate`) is judged by its real parent.
   */
  private resolveInside(path: string, mayCreate = false): string {
    if (this.type !== 'directory') refuse('not-directory');
    if (isAbsolute(path)) refuse('not-permitted');
    const target = resolve(this.path, path);
    if (!within(this.root, target)) refuse('not-permitted');
    const realRoot = attempt(() => realpathSync(this.root));
    const real = attempt(() => {
      try {
        return realpathSync(target);
      } catch (error) {
        if (!mayCreate || (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        return join(realpathSync(dirname(target)), basename(target));
      }
    });
    if (!within(realRoot, real)) refuse('not-permitted');
    return target;
  }

  private mustWrite(): void {
    if (!this.writable) refuse('read-only');
  }

  getType(): string {
    return this.type;
  }

  getFlags(): { read: boolean; write: boolean } {
    return { read: true, write: this.writable };
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
    openFlags: OpenFlags,
    flags: { write?: boolean; mutateDirectory?: boolean },
  ): Descriptor {
    const writing = flags.write === true || flags.mutateDirectory === true;
    if (openFlags.create || openFlags.truncate || writing) this.mustWrite();
    const target = this.resolveInside(path, openFlags.create === true);
    const exists = attempt(() => statSync(target, { throwIfNoEntry: false }));
    if (exists && openFlags.create && openFlags.exclusive) refuse('exist');
    if (!exists) attempt(() => closeSync(openSync(target, 'wx')));
    else if (openFlags.truncate) attempt(() => truncateSync(target));
    const stats = attempt(() => statSync(target));
    if (openFlags.directory && !stats.isDirectory()) refuse('not-directory');
    return new Descriptor(
      this.root,
      target,
      stats.isDirectory() ? 'directory' : 'regular-file',
      this.writable && writing,
    );
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

  write(buffer: Uint8Array, offset: bigint): bigint {
    if (this.type !== 'regular-file') refuse('is-directory');
    this.mustWrite();
    return attempt(() => {
      const fd = openSync(this.path, 'r+');
      try {
        return BigInt(writeSync(fd, buffer, 0, buffer.length, Number(offset)));
      } finally {
        closeSync(fd);
      }
    });
  }

  readViaStream(offset: bigint): FileInputStream {
    if (this.type !== 'regular-file') refuse('is-directory');
    return new FileInputStream(this, offset);
  }

  writeViaStream(offset: bigint): OutputStream {
    let at = offset;
    this.write(new Uint8Array(0), at);
    return new OutputStream((bytes) => {
      at += this.write(bytes, at);
    });
  }

  appendViaStream(): OutputStream {
    return this.writeViaStream(BigInt(this.stat().size));
  }

  setSize(size: bigint): void {
    this.mustWrite();
    attempt(() => truncateSync(this.path, Number(size)));
  }

  createDirectoryAt(path: string): void {
    this.mustWrite();
    const target = this.resolveInside(path, true);
    attempt(() => mkdirSync(target));
  }

  removeDirectoryAt(path: string): void {
    this.mustWrite();
    const target = this.resolveInside(path);
    attempt(() => rmdirSync(target));
  }

  unlinkFileAt(path: string): void {
    this.mustWrite();
    const target = this.resolveInside(path);
    attempt(() => unlinkSync(target));
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

  // Links and renames could point a name of the preopen anywhere: never offered.
  renameAt(): never {
    return refuse('not-permitted');
  }
  linkAt(): never {
    return refuse('not-permitted');
  }
  symlinkAt(): never {
    return refuse('not-permitted');
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
