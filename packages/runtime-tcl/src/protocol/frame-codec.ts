/**
 * The worker protocol's framing (see tcl/worker.tcl): a frame is a 4-byte big-endian byte count
 * and that many bytes; those bytes are fields, each a 4-byte big-endian byte count and UTF-8 text.
 * Lengths, not delimiters, so any text (newlines, NUL, unicode) crosses unchanged.
 */
export function encodeFrame(fields: readonly string[]): Buffer {
  let size = 0;
  for (const field of fields) size += 4 + Buffer.byteLength(field, 'utf8');
  const frame = Buffer.allocUnsafe(4 + size);
  frame.writeUInt32BE(size, 0);
  let offset = 4;
  for (const field of fields) {
    const length = frame.write(field, offset + 4, 'utf8');
    frame.writeUInt32BE(length, offset);
    offset += 4 + length;
  }
  return frame;
}

/**
 * Turns a byte stream into frames; feed it every chunk read from the worker's stdout. Linear in
 * the bytes: chunks are kept in a list and joined once, when the frame they belong to is complete.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Bytes of the frame being received (header included), once its header has arrived. */
  private frameBytes: number | undefined;

  /** Appends a chunk and returns every frame it completed. */
  push(chunk: Buffer): string[][] {
    if (chunk.length === 0) return [];
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: string[][] = [];
    for (;;) {
      if (this.frameBytes === undefined) {
        if (this.buffered < 4) break;
        this.frameBytes = 4 + this.joined().readUInt32BE(0);
      }
      if (this.buffered < this.frameBytes) break;
      const bytes = this.joined();
      frames.push(decodeFields(bytes.subarray(4, this.frameBytes)));
      const rest = bytes.subarray(this.frameBytes);
      this.chunks = rest.length === 0 ? [] : [rest];
      this.buffered = rest.length;
      this.frameBytes = undefined;
    }
    return frames;
  }

  /** The buffered bytes as one buffer (copied only when they span several chunks). */
  private joined(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0]!;
  }
}

function decodeFields(body: Buffer): string[] {
  const fields: string[] = [];
  let offset = 0;
  while (offset + 4 <= body.length) {
    const length = body.readUInt32BE(offset);
    fields.push(body.toString('utf8', offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  return fields;
}
