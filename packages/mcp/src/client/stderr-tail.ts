/** Keeps the last `maxLines` lines written to a stream (a stdio server's stderr) for diagnostics. */
export class StderrTail {
  readonly #lines: string[] = [];
  #partial = '';

  constructor(private readonly maxLines: number) {}

  push(chunk: Buffer | string): void {
    const text = this.#partial + chunk.toString();
    const parts = text.split('\n');
    this.#partial = parts.pop() ?? '';
    for (const line of parts) this.#add(line);
    // A server that never writes a newline must not grow the buffer without bound.
    if (this.#partial.length > 4096) {
      this.#add(this.#partial);
      this.#partial = '';
    }
  }

  lines(): string[] {
    return this.#partial ? [...this.#lines, this.#partial] : [...this.#lines];
  }

  #add(line: string): void {
    this.#lines.push(line.replace(/\r$/, ''));
    if (this.#lines.length > this.maxLines) this.#lines.shift();
  }
}
