import type { PendingCall } from '../finalize-calls.js';
import type { ParseIssue } from '../parse-issue.js';
import { DEFAULT_MAX_TEXT_LENGTH, type ParseOptions, scanText } from '../parser.js';

/** A character that can close a call in some text dialect: only then is a rescan worth it. */
const MAY_CLOSE = /[>}\])`\n]/;

export interface TextSink {
  call(call: PendingCall): void;
  issue(issue: ParseIssue): void;
}

/**
 * Finds calls in text that arrives in pieces. The text not yet settled (after the last complete
 * call) is rescanned when a piece may have closed a call; a call counts as complete once text
 * follows the region its dialect claimed (so a truncated call is never emitted early), or when
 * the text ends. Issues before a complete call are final and reported at once, the rest at the
 * end. Rescans of a growing unsettled tail are spaced out geometrically, so a long text costs
 * linear time overall.
 */
export class TextStream {
  private pending: string;
  /** Offset of `pending` in the whole text. */
  private base: number;
  private scannedLength: number;
  private total: number;
  private tooLong: boolean;

  constructor(
    private readonly options: ParseOptions | undefined,
    private readonly sink: TextSink,
  ) {
    this.pending = '';
    this.base = 0;
    this.scannedLength = 0;
    this.total = 0;
    this.tooLong = false;
  }

  push(piece: string): void {
    if (this.tooLong || piece === '') return;
    this.total += piece.length;
    const limit = this.options?.maxTextLength ?? DEFAULT_MAX_TEXT_LENGTH;
    if (this.total > limit) {
      this.tooLong = true;
      this.pending = '';
      this.sink.issue({
        code: 'PARSER_ERROR',
        dialect: 'input',
        message: `streamed text is over the ${limit} character limit; the rest is not scanned`,
        offset: limit,
      });
      return;
    }
    this.pending += piece;
    if (!MAY_CLOSE.test(piece)) return;
    if (this.pending.length - this.scannedLength < this.scannedLength / 4) return;
    this.scan(false);
  }

  end(): void {
    if (!this.tooLong && this.pending !== '') this.scan(true);
    this.pending = '';
  }

  private scan(final: boolean): void {
    const { calls, issues } = scanText(this.pending, this.options);
    let settled = 0;
    for (const { end, call } of calls) {
      if (!final && (end === -1 || end >= this.pending.length)) break;
      // Everything up to a complete call is settled and cut off below: no call is seen twice.
      this.sink.call(call);
      if (end > settled) settled = end;
    }
    for (const issue of issues) {
      if (!final && (issue.offset === undefined || issue.offset >= settled)) continue;
      this.sink.issue(
        issue.offset === undefined ? issue : { ...issue, offset: issue.offset + this.base },
      );
    }
    if (settled > 0 && !final) {
      this.pending = this.pending.slice(settled);
      this.base += settled;
    }
    this.scannedLength = this.pending.length;
  }
}
