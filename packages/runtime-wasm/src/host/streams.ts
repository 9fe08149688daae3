/** wasi:io/error `error`. */
export class IoError {
  constructor(private readonly message: string) {}
  toDebugString(): string {
    return this.message;
  }
}

/** wasi:io/poll `pollable`: ready at a monotonic instant (ns), or at once. */
export class Pollable {
  constructor(private readonly readyAtNs = 0n) {}
  ready(): boolean {
    return process.hrtime.bigint() >= this.readyAtNs;
  }
  block(): void {
    const remainingMs = Number(this.readyAtNs - process.hrtime.bigint()) / 1e6;
    if (remainingMs > 0) Atomics.wait(sleeper, 0, 0, remainingMs);
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

export function poll(pollables: readonly Pollable[]): Uint32Array {
  for (;;) {
    const ready = pollables.flatMap((pollable, index) => (pollable.ready() ? [index] : []));
    if (ready.length > 0) return Uint32Array.from(ready);
    pollables[0]?.block();
  }
}

/** The stream-error a closed stream answers with (jco returns a thrown non-Error value as `err`). */
const closed = () => {
  throw { tag: 'closed' };
};

/** wasi:io/streams `input-stream`: stdin, which is always at its end. */
export class InputStream {
  read(_length?: bigint): Uint8Array {
    return closed();
  }
  blockingRead(length?: bigint): Uint8Array {
    return this.read(length);
  }
  skip(): bigint {
    return closed();
  }
  blockingSkip(): bigint {
    return closed();
  }
  subscribe(): Pollable {
    return new Pollable();
  }
}

/** wasi:io/streams `output-stream`: every write goes to `sink` (captured stdio, a granted file). */
export class OutputStream {
  constructor(private readonly sink: (bytes: Uint8Array) => void) {}
  checkWrite(): bigint {
    return 4096n;
  }
  write(contents: Uint8Array): void {
    this.sink(contents);
  }
  blockingWriteAndFlush(contents: Uint8Array): void {
    this.write(contents);
  }
  flush(): void {}
  blockingFlush(): void {}
  writeZeroes(length: bigint): void {
    this.write(new Uint8Array(Number(length)));
  }
  blockingWriteZeroesAndFlush(length: bigint): void {
    this.writeZeroes(length);
  }
  splice(): bigint {
    return closed();
  }
  blockingSplice(): bigint {
    return closed();
  }
  subscribe(): Pollable {
    return new Pollable();
  }
}
