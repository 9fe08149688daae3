/** A problem found in a text, before it becomes a ParseIssue. */
export interface TextProblem {
  readonly offset: number;
  readonly dialect: string;
  readonly message: string;
  readonly tool: string | undefined;
}

/**
 * The problems of one text with the lowest offsets, at most `keep` of them; the others are only
 * counted. Dialects report in their own order, so the list is cut (sorted, truncated) each time
 * it grows past twice the limit: garbage input with a problem every few characters then holds a
 * bounded number of objects instead of one per problem, and costs the same per character at
 * 1 MB as at 100 KB.
 */
export class LowestProblems {
  private readonly items: TextProblem[];
  private readonly keep: number;
  /** Problems cut so far. */
  dropped: number;

  constructor(keep: number) {
    this.items = [];
    this.keep = keep;
    this.dropped = 0;
  }

  add(problem: TextProblem): void {
    this.items.push(problem);
    if (this.items.length >= 2 * this.keep + 64) this.cut();
  }

  /** The kept problems in offset order (stable: same-offset problems stay in report order). */
  sorted(): readonly TextProblem[] {
    this.cut();
    return this.items;
  }

  private cut(): void {
    this.items.sort((a, b) => a.offset - b.offset);
    if (this.items.length <= this.keep) return;
    this.dropped += this.items.length - this.keep;
    this.items.length = this.keep;
  }
}
