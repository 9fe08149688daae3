/** Sorted, non-overlapping `[start, end)` regions of a text that dialects have taken. */
export class ClaimedRegions {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  /** End of the region containing `offset`, or -1. */
  endAt(offset: number): number {
    const index = this.lastStartingAtOrBefore(offset);
    const end = index === -1 ? -1 : (this.ends[index] as number);
    return end > offset ? end : -1;
  }

  /** Adds `[start, end)` unless it overlaps a region already taken. */
  claim(start: number, end: number): boolean {
    const before = this.lastStartingAtOrBefore(start);
    if (before !== -1 && (this.ends[before] as number) > start) return false;
    const after = before + 1;
    if (after < this.starts.length && (this.starts[after] as number) < Math.max(end, start + 1)) {
      return false;
    }
    this.starts.splice(after, 0, start);
    this.ends.splice(after, 0, Math.max(end, start + 1));
    return true;
  }

  private lastStartingAtOrBefore(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if ((this.starts[middle] as number) <= offset) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }
}
