import type { GuardV1, ToolDefinition } from '@tp/core';
import {
  ALLOW,
  type GuardBaseOptions,
  guardIdentity,
  integerRecord,
  positiveInteger,
} from './shared/guard-options.js';
import { RequestState } from './shared/request-state.js';

export interface BudgetGuardOptions extends GuardBaseOptions {
  /** Calls per request (a smaller `context.budget.calls` wins). */
  readonly maxCalls?: number;
  /** Calls per request per category, e.g. `{ write: 5, destructive: 1 }`. */
  readonly maxCallsPerCategory?: Readonly<Record<string, number>>;
  /** A tool's category (default: its sideEffect, or 'unclassified'). */
  readonly categoryOf?: (tool: ToolDefinition) => string;
}

interface Counts {
  total: number;
  readonly byCategory: Map<string, number>;
}

/**
 * Call-count budget per request, overall and per category. The plan phase refuses the calls of a
 * batch beyond what is left, so a model cannot spend the budget in one oversized batch.
 */
export function budgetGuard(options: BudgetGuardOptions = {}): GuardV1 {
  const identity = guardIdentity('budget', options);
  const maxCalls = positiveInteger('budget.maxCalls', options.maxCalls, Number.MAX_SAFE_INTEGER);
  const perCategory = integerRecord('budget.maxCallsPerCategory', options.maxCallsPerCategory);
  const categoryOf =
    options.categoryOf ?? ((tool: ToolDefinition) => tool.sideEffect ?? 'unclassified');
  const counts = new RequestState<Counts>(() => ({ total: 0, byCategory: new Map() }));

  const limitFor = (budget: Readonly<Record<string, number>> | undefined) =>
    Math.min(maxCalls, typeof budget?.calls === 'number' ? budget.calls : Number.MAX_SAFE_INTEGER);

  /** Why one more call of `tool` would break the budget, given the counts so far. */
  const overBudget = (tool: ToolDefinition | undefined, used: Counts, limit: number) => {
    if (used.total >= limit)
      return `the request already made ${used.total} calls (budget ${limit})`;
    if (!tool) return undefined;
    const category = categoryOf(tool);
    const cap = perCategory.get(category);
    const spent = used.byCategory.get(category) ?? 0;
    return cap !== undefined && spent >= cap
      ? `${spent} ${category} calls already made (budget ${cap})`
      : undefined;
  };
  const spend = (tool: ToolDefinition | undefined, used: Counts) => {
    used.total++;
    if (tool)
      used.byCategory.set(categoryOf(tool), (used.byCategory.get(categoryOf(tool)) ?? 0) + 1);
  };

  return {
    ...identity,
    plan({ calls, context }) {
      const limit = limitFor(context.budget);
      const base = counts.peek(context);
      const projected: Counts = { total: base?.total ?? 0, byCategory: new Map(base?.byCategory) };
      const over: string[] = [];
      let reason: string | undefined;
      for (const { call, tool } of calls) {
        const problem = overBudget(tool, projected, limit);
        if (problem) {
          over.push(call.id);
          reason ??= problem;
        } else spend(tool, projected);
      }
      if (!reason) return ALLOW;
      return {
        verdict: 'block',
        reason: `${over.length} calls of the batch are over budget: ${reason}`,
        callIds: over,
      };
    },
    pre({ tool, context, dryRun }) {
      const used = dryRun
        ? (counts.peek(context) ?? { total: 0, byCategory: new Map() })
        : counts.get(context);
      const problem = overBudget(tool, used, limitFor(context.budget));
      if (problem) return { verdict: 'block', reason: problem };
      if (!dryRun) spend(tool, used);
      return ALLOW;
    },
    endRequest: (context) => counts.end(context),
  };
}
