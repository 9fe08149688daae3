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

/** Turns a byte stream into frames; feed it every chunk read from the worker's stdout. */
export class FrameDecoder {
  private buffer: Buffer = Buffer.alloc(0);

  /** Appends a chunk and returns every frame it completed. */
  push(chunk: Buffer): string[][] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: string[][] = [];
    while (this.buffer.length >= 4) {
      const size = this.buffer.readUInt32BE(0);
      if (this.buffer.length < 4 + size) break;
      frames.push(decodeFields(this.buffer.subarray(4, 4 + size)));
      this.buffer = this.buffer.subarray(4 + size);
    }
    return frames;
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
