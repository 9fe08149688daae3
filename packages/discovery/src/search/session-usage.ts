/**
 * How this session used tools: each success adds 1, each failure takes 1, and older uses count
 * less (0.8 per later use of any tool). The boost multiplies a tool's search score.
 */
export interface SessionUsage {
  record(id: string, ok: boolean): void;
  /** 1 for an unused tool; up to 2 for tools that worked lately, down to 0.25 for failing ones. */
  boostOf(id: string): number;
  forget(id: string): void;
}

const decayPerUse = 0.8;

export function createSessionUsage(): SessionUsage {
  let clock = 0;
  const uses = new Map<string, { score: number; at: number }>();
  const current = (id: string) => {
    const entry = uses.get(id);
    return entry ? entry.score * decayPerUse ** (clock - entry.at) : 0;
  };
  return {
    record(id, ok) {
      const score = current(id) + (ok ? 1 : -1);
      clock += 1;
      uses.set(id, { score, at: clock });
    },
    boostOf(id) {
      const score = current(id);
      if (score >= 0) return 1 + Math.min(score, 2) / 2;
      return Math.max(0.25, 1 + score / 2);
    },
    forget(id) {
      uses.delete(id);
    },
  };
}
