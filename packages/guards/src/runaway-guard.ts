import type { GuardV1 } from '@tp/core';
import { callSignature } from './shared/call-signature.js';
import {
  ALLOW,
  type GuardBaseOptions,
  guardIdentity,
  positiveInteger,
} from './shared/guard-options.js';
import { RequestState } from './shared/request-state.js';

export interface RunawayGuardOptions extends GuardBaseOptions {
  /** The same call (tool + arguments) may run this many times in a row (default 3). */
  readonly maxRepeats?: number;
  /** A cycle of 2-3 calls (A, B, A, B...) may repeat this many times (default 3). */
  readonly maxCycles?: number;
}

// Recent calls kept per request: enough to see three rounds of a three-call cycle.
const HISTORY = 16;

/** Stops an agent stuck in a loop: the same call again and again, or a short cycle of calls. */
export function runawayGuard(options: RunawayGuardOptions = {}): GuardV1 {
  const identity = guardIdentity('runaway', options);
  const maxRepeats = positiveInteger('runaway.maxRepeats', options.maxRepeats, 3);
  const maxCycles = positiveInteger('runaway.maxCycles', options.maxCycles, 3);
  const histories = new RequestState<string[]>(() => []);

  return {
    ...identity,
    pre({ tool, args, context, dryRun }) {
      const signature = callSignature(tool, args);
      // A dry run judges a copy; a real call is appended, and taken back out if it is blocked.
      const history = dryRun
        ? [...(histories.peek(context) ?? []), signature]
        : histories.get(context);
      if (!dryRun) history.push(signature);
      const loop = detectLoop(history, maxRepeats, maxCycles);
      if (loop) {
        if (!dryRun) history.pop();
        return {
          verdict: 'block',
          reason: `"${tool.name}" looks like a runaway loop: ${loop}`,
          details: { loop },
        };
      }
      if (history.length > HISTORY) history.shift();
      return ALLOW;
    },
    endRequest: (context) => histories.end(context),
  };
}

/** Describes the loop the sequence ends in, if any. */
export function detectLoop(
  sequence: readonly string[],
  maxRepeats: number,
  maxCycles: number,
): string | undefined {
  const last = sequence.length - 1;
  let run = 1;
  while (run <= last && sequence[last - run] === sequence[last]) run++;
  if (run > maxRepeats) return `the same call ${run} times in a row (cap ${maxRepeats})`;
  // A cycle needs two full rounds in the history; shorter histories are not even compared,
  // which also keeps the checks from reading negative indexes (a slow path in V8).
  for (let period = 2; period <= 3 && 2 * period <= sequence.length; period++) {
    if (!lastAreDistinct(sequence, period)) continue;
    let rounds = 1;
    while (
      (rounds + 1) * period <= sequence.length &&
      endsInRound(sequence, period, rounds * period)
    )
      rounds++;
    if (rounds > maxCycles)
      return `a cycle of ${period} calls repeated ${rounds} times (cap ${maxCycles})`;
  }
  return undefined;
}

/** Do the last `period` entries equal the `period` entries `offset` places before them? */
function endsInRound(sequence: readonly string[], period: number, offset: number): boolean {
  const last = sequence.length - 1;
  for (let index = 0; index < period; index++) {
    if (sequence[last - index] !== sequence[last - offset - index]) return false;
  }
  return true;
}

function lastAreDistinct(sequence: readonly string[], count: number): boolean {
  const last = sequence.length - 1;
  for (let left = 0; left < count; left++) {
    for (let right = left + 1; right < count; right++) {
      if (sequence[last - left] === sequence[last - right]) return false;
    }
  }
  return true;
}
