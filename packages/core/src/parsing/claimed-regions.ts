/**
 * Sorted, non-overlapping `[start, end)` regions of a text that dialects have taken. Each
 * dialect claims mostly in increasing order, but between the regions earlier dialects took: its
 * claims go into a list of their own (appended, not spliced into the middle of everyone's) and
 * are merged into the rest once it is done (`seal`), so claiming stays linear in the number of
 * regions however the dialects' calls interleave in the text.
 */
export class ClaimedRegions {
  private sealed: RegionList;
  private current: RegionList;

  constructor() {
    this.sealed = new RegionList(0);
    this.current = new RegionList(0);
  }

  /** End of the region containing `offset`, or -1. */
  endAt(offset: number): number {
    const end = this.sealed.endAt(offset);
    return end !== -1 ? end : this.current.endAt(offset);
  }

  /** Adds `[start, end)` unless it overlaps a region already taken. */
  claim(start: number, end: number): boolean {
    const to = Math.max(end, start + 1);
    if (this.sealed.overlaps(start, to) || this.current.overlaps(start, to)) return false;
    this.current.insert(start, to);
    return true;
  }

  /** Ends one dialect's turn: its regions join the others. */
  seal(): void {
    if (this.current.size === 0) return;
    this.sealed = this.sealed.size === 0 ? this.current : merge(this.sealed, this.current);
    this.current = new RegionList(0);
  }
}

/** Shared by every list that holds nothing yet: most texts claim no region at all. */
const NO_REGIONS = new Int32Array(0);

/** Regions in typed arrays grown by doubling: cheap to append, no garbage per region. */
class RegionList {
  starts: Int32Array;
  ends: Int32Array;
  size: number;

  constructor(capacity: number) {
    this.starts = capacity === 0 ? NO_REGIONS : new Int32Array(capacity);
    this.ends = capacity === 0 ? NO_REGIONS : new Int32Array(capacity);
    this.size = 0;
  }

  endAt(offset: number): number {
    const index = this.lastStartingAtOrBefore(offset);
    const end = index === -1 ? -1 : (this.ends[index] as number);
    return end > offset ? end : -1;
  }

  /** Whether `[start, end)` (non-empty) meets a region of this list. */
  overlaps(start: number, end: number): boolean {
    const before = this.lastStartingAtOrBefore(start);
    if (before !== -1 && (this.ends[before] as number) > start) return true;
    const after = before + 1;
    return after < this.size && (this.starts[after] as number) < end;
  }

  /** Inserts a region that overlaps none; appending (the usual case) is O(1). */
  insert(start: number, end: number): void {
    const at = this.lastStartingAtOrBefore(start) + 1;
    if (this.size === this.starts.length) this.grow();
    if (at < this.size) {
      this.starts.copyWithin(at + 1, at, this.size);
      this.ends.copyWithin(at + 1, at, this.size);
    }
    this.starts[at] = start;
    this.ends[at] = end;
    this.size++;
  }

  /** Appends a region that starts after every other one. */
  push(start: number, end: number): void {
    this.starts[this.size] = start;
    this.ends[this.size++] = end;
  }

  private grow(): void {
    const capacity = Math.max(16, this.size * 2);
    const starts = new Int32Array(capacity);
    const ends = new Int32Array(capacity);
    starts.set(this.starts);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }

  private lastStartingAtOrBefore(offset: number): number {
    // Dialects mostly ask about the region they have just added: check the last one first.
    const last = this.size - 1;
    if (last === -1 || (this.starts[last] as number) <= offset) return last;
    let low = 0;
    let high = last;
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

function merge(a: RegionList, b: RegionList): RegionList {
  const merged = new RegionList(a.size + b.size);
  let i = 0;
  let j = 0;
  while (i < a.size || j < b.size) {
    if (j === b.size || (i < a.size && (a.starts[i] as number) < (b.starts[j] as number))) {
      merged.push(a.starts[i] as number, a.ends[i++] as number);
    } else {
      merged.push(b.starts[j] as number, b.ends[j++] as number);
    }
  }
  return merged;
}
