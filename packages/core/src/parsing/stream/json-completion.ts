/**
 * Follows a JSON text piece by piece and tells when its top-level object is closed, reading
 * every character once (string- and escape-aware, so braces inside strings do not count).
 * Anything but an object at the top never completes: the stream's end decides for it.
 */
export class JsonCompletion {
  private depth: number;
  private inString: boolean;
  private escaped: boolean;
  private state: 'before' | 'inside' | 'complete' | 'never';

  constructor() {
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.state = 'before';
  }

  get complete(): boolean {
    return this.state === 'complete';
  }

  /** Reads `piece`; true once the top-level object has been closed. */
  feed(piece: string): boolean {
    if (this.state === 'complete' || this.state === 'never') return this.complete;
    for (let i = 0; i < piece.length; i++) {
      const char = piece.charCodeAt(i);
      if (this.state === 'before') {
        if (char === 0x20 || char === 0x0a || char === 0x0d || char === 0x09) continue;
        if (char !== 0x7b /* { */) {
          this.state = 'never';
          return false;
        }
        this.state = 'inside';
        this.depth = 1;
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (char === 0x5c /* \ */) this.escaped = true;
        else if (char === 0x22 /* " */) this.inString = false;
      } else if (char === 0x22) {
        this.inString = true;
      } else if (char === 0x7b || char === 0x5b /* [ */) {
        this.depth++;
      } else if ((char === 0x7d /* } */ || char === 0x5d) /* ] */ && --this.depth === 0) {
        this.state = 'complete';
        return true;
      }
    }
    return false;
  }
}
