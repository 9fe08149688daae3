import type { ToolDefinition } from '../contracts/tool-definition.js';

/** Recent latency of each tool (an exponentially weighted mean), for dry-run estimates. */
export interface ObservedLatency {
  record(tool: ToolDefinition, durationMs: number): void;
  /** Milliseconds, or undefined before the tool has run. */
  estimate(tool: ToolDefinition): number | undefined;
}

// Weight of the newest sample: recent enough to follow a slowing backend, smooth enough to ignore one outlier.
const WEIGHT = 0.2;

export function createObservedLatency(): ObservedLatency {
  // Keyed by definition so a replaced tool starts afresh and a removed one is collected.
  const means = new WeakMap<ToolDefinition, number>();
  return {
    record(tool, durationMs) {
      if (!(durationMs >= 0)) return;
      const mean = means.get(tool);
      means.set(tool, mean === undefined ? durationMs : mean + WEIGHT * (durationMs - mean));
    },
    estimate: (tool) => means.get(tool),
  };
}
