/**
 * Caps every linear memory a core module defines or imports at `maxPages` (64 KiB each) by
 * rewriting its `maximum` in the binary before it is compiled: `memory.grow` past the cap then
 * fails inside the guest, like any allocation failure. A memory whose minimum is already above the
 * cap cannot run under it, so the caller gets an error instead of a module.
 */
export function capMemory(module: Uint8Array, maxPages: number): Uint8Array {
  if (!coreHeader.every((byte, index) => module[index] === byte)) {
    throw new Error('not a core WebAssembly module (version 1)');
  }
  const reader = new Reader(module, 8);
  const out: Uint8Array[] = [module.subarray(0, 8)];
  while (reader.offset < module.length) {
    const start = reader.offset;
    const id = reader.byte();
    const size = reader.u32();
    const bodyStart = reader.offset;
    const bodyEnd = bodyStart + size;
    if (id === importSection || id === memorySection) {
      const body = rewriteSection(id, module.subarray(bodyStart, bodyEnd), maxPages);
      out.push(Uint8Array.of(id), leb(body.length), body);
    } else {
      out.push(module.subarray(start, bodyEnd));
    }
    reader.offset = bodyEnd;
  }
  return concat(out);
}

/** Thrown when a module's memory needs more initial pages than the cap allows. */
export class MemoryCapError extends Error {
  constructor(
    readonly minimumPages: number,
    readonly maxPages: number,
  ) {
    super(`its memory starts at ${minimumPages} pages, above the cap of ${maxPages} pages`);
  }
}

/** `\0asm` and version 1: components carry another version. */
const coreHeader = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const importSection = 2;
const memorySection = 5;
const memoryImportKind = 2;

function rewriteSection(id: number, body: Uint8Array, maxPages: number): Uint8Array {
  const reader = new Reader(body, 0);
  const count = reader.u32();
  const out: Uint8Array[] = [leb(count)];
  for (let index = 0; index < count; index++) {
    if (id === memorySection) {
      out.push(rewriteLimits(reader, maxPages));
      continue;
    }
    const entryStart = reader.offset;
    reader.skipName();
    reader.skipName();
    const kind = reader.byte();
    if (kind === memoryImportKind) {
      out.push(body.subarray(entryStart, reader.offset), rewriteLimits(reader, maxPages));
      continue;
    }
    reader.skipImportDescription(kind);
    out.push(body.subarray(entryStart, reader.offset));
  }
  out.push(body.subarray(reader.offset));
  return concat(out);
}

function rewriteLimits(reader: Reader, maxPages: number): Uint8Array {
  const flags = reader.byte();
  if (flags & memory64Flag) throw new Error('64-bit memories are not supported');
  const minimum = reader.u32();
  const maximum = flags & hasMaximumFlag ? reader.u32() : undefined;
  if (minimum > maxPages) throw new MemoryCapError(minimum, maxPages);
  const capped = Math.min(maximum ?? maxPages, maxPages);
  return concat([Uint8Array.of(flags | hasMaximumFlag), leb(minimum), leb(capped)]);
}

const hasMaximumFlag = 0x01;
const memory64Flag = 0x04;

class Reader {
  constructor(
    readonly bytes: Uint8Array,
    public offset: number,
  ) {}

  byte(): number {
    const value = this.bytes[this.offset++];
    if (value === undefined) throw new Error('truncated WebAssembly module');
    return value;
  }

  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.byte();
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
  }

  skipName(): void {
    const length = this.u32();
    this.offset += length;
  }

  skipImportDescription(kind: number): void {
    switch (kind) {
      case 0: // function: type index
        this.u32();
        return;
      case 1: {
        // table: reference type + limits
        this.byte();
        this.skipLimits();
        return;
      }
      case 3: // global: value type + mutability
        this.byte();
        this.byte();
        return;
      case 4: // tag: attribute + type index
        this.byte();
        this.u32();
        return;
      default:
        throw new Error(`unknown import kind ${kind}`);
    }
  }

  private skipLimits(): void {
    const flags = this.byte();
    this.u32();
    if (flags & hasMaximumFlag) this.u32();
  }
}

function leb(value: number): Uint8Array {
  const bytes: number[] = [];
  let rest = value;
  do {
    let byte = rest & 0x7f;
    rest = Math.floor(rest / 128);
    if (rest !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (rest !== 0);
  return Uint8Array.from(bytes);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
