/**
 * Calls ready to start, highest priority first, then in submission order (a binary heap).
 */
export class ReadyQueue {
  private readonly heap: number[] = [];

  constructor(private readonly priorityOf: (index: number) => number) {}

  get size(): number {
    return this.heap.length;
  }

  /** The index that would be taken next. */
  peek(): number | undefined {
    return this.heap[0];
  }

  push(index: number): void {
    const heap = this.heap;
    heap.push(index);
    let child = heap.length - 1;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!this.before(heap[child]!, heap[parent]!)) break;
      [heap[child], heap[parent]] = [heap[parent]!, heap[child]!];
      child = parent;
    }
  }

  take(): number | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) {
      heap[0] = last;
      let parent = 0;
      for (;;) {
        const left = parent * 2 + 1;
        const right = left + 1;
        let first = parent;
        if (left < heap.length && this.before(heap[left]!, heap[first]!)) first = left;
        if (right < heap.length && this.before(heap[right]!, heap[first]!)) first = right;
        if (first === parent) break;
        [heap[parent], heap[first]] = [heap[first]!, heap[parent]!];
        parent = first;
      }
    }
    return top;
  }

  /** True when call `a` goes before call `b`. */
  before(a: number, b: number): boolean {
    const difference = this.priorityOf(a) - this.priorityOf(b);
    return difference === 0 ? a < b : difference > 0;
  }
}
