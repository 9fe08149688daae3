import type { ToolCall } from '../contracts/tool-call.js';
import type { ToolErrorInfo } from '../errors/tool-error-info.js';
import { toolErrorInfo } from '../errors/tp-error.js';
import { collectRefs, splitRef } from './call-refs.js';

/** The dependency graph of a batch, by call index. */
export interface SchedulePlan {
  /** Distinct indices each call waits for (from `dependsOn` and from `$ref`s in its arguments). */
  readonly dependencies: ReadonlyArray<readonly number[]>;
  readonly dependents: ReadonlyArray<readonly number[]>;
  /** Whether each call's arguments hold `$ref`s to resolve before it runs. */
  readonly hasRefs: readonly boolean[];
  /** Index of each call id used by exactly one call. */
  readonly indexById: ReadonlyMap<string, number>;
}

export type PlanOutcome =
  | { readonly ok: true; readonly plan: SchedulePlan }
  /** The plan cannot run: one error per call (the offending calls get the specific reason). */
  | { readonly ok: false; readonly errors: readonly ToolErrorInfo[] };

interface Problem {
  readonly index: number;
  readonly error: ToolErrorInfo;
}

/**
 * Builds the graph and rejects, before anything runs, a plan that cannot be executed: a
 * dependency on an id that is not in the batch (or that several calls share), or a cycle.
 */
export function planSchedule(calls: readonly ToolCall[]): PlanOutcome {
  const indexById = new Map<string, number>();
  const duplicated = new Set<string>();
  calls.forEach((call, index) => {
    const id = idOf(call);
    if (id === undefined) return;
    if (indexById.has(id)) duplicated.add(id);
    else indexById.set(id, index);
  });
  for (const id of duplicated) indexById.delete(id);
  const isCallId = (id: string) => indexById.has(id) || duplicated.has(id);

  const problems: Problem[] = [];
  const dependencies: number[][] = [];
  const hasRefs: boolean[] = [];
  calls.forEach((call, index) => {
    // A malformed call has no dependencies here; the pipeline gives it its validation error.
    if (typeof call !== 'object' || call === null) {
      dependencies.push([]);
      hasRefs.push(false);
      return;
    }
    const ids: string[] = [];
    const unknown: string[] = [];
    if (call.dependsOn !== undefined) {
      if (!Array.isArray(call.dependsOn) || call.dependsOn.some((id) => typeof id !== 'string')) {
        problems.push(
          invalid(call, index, 'invalid_depends_on', 'dependsOn must be an array of call ids'),
        );
      } else ids.push(...call.dependsOn);
    }
    const refs = collectRefs(call.arguments);
    hasRefs.push(refs.length > 0);
    for (const ref of refs) {
      const target = splitRef(ref, isCallId);
      if (target) ids.push(target.callId);
      else unknown.push(ref);
    }
    const ambiguous: string[] = [];
    const distinct = new Set<number>();
    for (const id of ids) {
      const target = indexById.get(id);
      if (target !== undefined) distinct.add(target);
      else if (duplicated.has(id)) ambiguous.push(id);
      else unknown.push(id);
    }
    dependencies.push([...distinct]);
    if (unknown.length > 0) {
      problems.push(
        invalid(
          call,
          index,
          'unknown_dependency',
          `depends on ${quote(unknown)}, which no call of this batch has as its id`,
          { missing: unknown },
        ),
      );
    }
    if (ambiguous.length > 0) {
      problems.push(
        invalid(
          call,
          index,
          'ambiguous_dependency',
          `depends on ${quote(ambiguous)}, an id several calls of this batch share`,
          { ambiguous },
        ),
      );
    }
  });

  const dependents: number[][] = calls.map(() => []);
  dependencies.forEach((waitsFor, index) => {
    for (const dependency of waitsFor) dependents[dependency]!.push(index);
  });
  if (problems.length === 0) {
    const cycle = findCycle(dependencies, dependents);
    if (cycle) {
      const ids = cycle.map((index) => calls[index]!.id);
      const message = `is part of a dependency cycle: ${[...ids, ids[0]].map((id) => `"${id}"`).join(' -> ')} (each waits for the next)`;
      for (const index of cycle) {
        problems.push(invalid(calls[index]!, index, 'dependency_cycle', message, { cycle: ids }));
      }
    }
  }
  if (problems.length > 0) return { ok: false, errors: planErrors(calls, problems) };
  return { ok: true, plan: { dependencies, dependents, hasRefs, indexById } };
}

/** One cycle (each index waits for the next, the last for the first) when the graph has any, found by Kahn's algorithm. */
function findCycle(
  dependencies: ReadonlyArray<readonly number[]>,
  dependents: ReadonlyArray<readonly number[]>,
): number[] | undefined {
  const waiting = dependencies.map((waitsFor) => waitsFor.length);
  const ready = waiting.flatMap((count, index) => (count === 0 ? [index] : []));
  let processed = 0;
  while (ready.length > 0) {
    const index = ready.pop()!;
    processed++;
    for (const dependent of dependents[index]!)
      if (--waiting[dependent]! === 0) ready.push(dependent);
  }
  if (processed === dependencies.length) return undefined;
  // Every unprocessed call waits for another unprocessed one: walking those links must loop.
  const seen = new Map<number, number>();
  const path: number[] = [];
  let current = waiting.findIndex((count) => count > 0);
  while (!seen.has(current)) {
    seen.set(current, path.length);
    path.push(current);
    current = dependencies[current]!.find((dependency) => waiting[dependency]! > 0)!;
  }
  return path.slice(seen.get(current));
}

function planErrors(calls: readonly ToolCall[], problems: readonly Problem[]): ToolErrorInfo[] {
  const errors: Array<ToolErrorInfo | undefined> = new Array(calls.length);
  for (const problem of problems) errors[problem.index] ??= problem.error;
  const first = problems[0]!;
  const summary = `call "${calls[first.index]!.id}" ${first.error.message}`;
  return calls.map(
    (call, index) =>
      errors[index] ??
      toolErrorInfo(
        'TOOL_VALIDATION_ERROR',
        `"${idOf(call) ?? index}" was not run: the batch's dependency plan is invalid (${summary})`,
        {
          details: {
            reason: 'invalid_plan',
            problems: problems.map(({ index: at, error }) => ({
              callId: calls[at]!.id,
              reason: error.details?.reason,
            })),
          },
        },
      ),
  );
}

function invalid(
  call: ToolCall,
  index: number,
  reason: string,
  message: string,
  details: Record<string, unknown> = {},
): Problem {
  return {
    index,
    error: toolErrorInfo('TOOL_VALIDATION_ERROR', message, {
      details: { reason, callId: call.id, ...details },
    }),
  };
}

function idOf(call: ToolCall): string | undefined {
  return typeof call?.id === 'string' ? call.id : undefined;
}

function quote(ids: readonly string[]): string {
  return ids.map((id) => `"${id}"`).join(', ');
}
