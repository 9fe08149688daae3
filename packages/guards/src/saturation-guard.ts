import type { GuardV1, GuardVerdict } from '@tp/core';
import { hashValue } from './shared/call-signature.js';
import {
  ALLOW,
  type GuardBaseOptions,
  guardIdentity,
  positiveInteger,
} from './shared/guard-options.js';
import { RequestState } from './shared/request-state.js';

export interface SaturationGuardOptions extends GuardBaseOptions {
  /** The same result from the same tool may come back this many times per request (default 3). */
  readonly maxIdenticalResults?: number;
  /** A text result of at least this many lines is degenerate when one line makes up most of it (default 10). */
  readonly minLines?: number;
  /** Share of the lines one line may take before the text counts as degenerate (default 0.8). */
  readonly maxLineShare?: number;
}

const MAX_TRACKED = 1_024;

/**
 * Degenerate outputs: a tool answering the same thing again and again within a request, or
 * text that is mostly one repeated line (a stuck producer). Nothing new reaches the model.
 */
export function saturationGuard(options: SaturationGuardOptions = {}): GuardV1 {
  const identity = guardIdentity('saturation', options);
  const maxIdentical = positiveInteger(
    'saturation.maxIdenticalResults',
    options.maxIdenticalResults,
    3,
  );
  const minLines = positiveInteger('saturation.minLines', options.minLines, 10);
  const maxLineShare = options.maxLineShare ?? 0.8;
  const seen = new RequestState<Map<string, number>>(() => new Map());

  return {
    ...identity,
    post({ tool, result, context }): GuardVerdict {
      if (!result.ok) return ALLOW;
      if (typeof result.value === 'string') {
        const share = topLineShare(result.value, minLines);
        if (share > maxLineShare) {
          return {
            verdict: 'block',
            reason: `"${tool.name}" returned degenerate text: one line is ${Math.round(share * 100)}% of it`,
          };
        }
      }
      const counts = seen.get(context);
      const key = `${tool.namespace}.${tool.name}:${hashValue(result.value, false)}`;
      const count = (counts.get(key) ?? 0) + 1;
      if (!counts.has(key) && counts.size >= MAX_TRACKED)
        counts.delete(counts.keys().next().value as string);
      counts.set(key, count);
      if (count > maxIdentical) {
        return {
          verdict: 'block',
          reason: `"${tool.name}" returned the same result ${count} times in this request (cap ${maxIdentical})`,
          details: { count },
        };
      }
      return ALLOW;
    },
    endRequest: (context) => seen.end(context),
  };
}

function topLineShare(text: string, minLines: number): number {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length < minLines) return 0;
  const counts = new Map<string, number>();
  let top = 0;
  for (const line of lines) {
    const count = (counts.get(line) ?? 0) + 1;
    counts.set(line, count);
    top = Math.max(top, count);
  }
  return top / lines.length;
}
