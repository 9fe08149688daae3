import {
  ConfigurationError,
  type CounterStoreV1,
  type ExecutionContext,
  type GuardV1,
  type GuardVerdict,
  type ToolCall,
  type ToolDefinition,
} from '@tp/core';
import {
  ALLOW,
  type GuardBaseOptions,
  guardIdentity,
  nonNegative,
} from './shared/guard-options.js';
import { RequestState } from './shared/request-state.js';

export interface CostLimits {
  /** Spending past this warns. */
  readonly soft?: number;
  /** Spending past this is refused. */
  readonly hard?: number;
}

export interface CostBudgetGuardOptions extends GuardBaseOptions {
  /** Cost per tool (bare or `namespace.name`), used when neither the call nor the tool declares one. */
  readonly costs?: Readonly<Record<string, number>>;
  /** Cost of a tool nothing prices (default 0). */
  readonly defaultCost?: number;
  /** Budget of every tenant without its own entry. */
  readonly tenantBudget?: CostLimits;
  /** Budgets by tenant (`context.tenant`). */
  readonly tenants?: Readonly<Record<string, CostLimits>>;
  /** Budget of one request. */
  readonly requestBudget?: CostLimits;
  /**
   * Where tenants' spending is kept when several instances share budgets (e.g. `@tp/redis`'s
   * counters): checked and charged in one atomic step, keys `cost:tenant:<tenant>`. Without it,
   * spending is counted in this process. A failing store blocks the call (guards fail closed).
   */
  readonly store?: CounterStoreV1;
}

export interface CostBudgetGuard extends GuardV1 {
  /** Cost charged to this request (kept for the most recent requests, also after they end). */
  costOf(context: ExecutionContext): number;
  /**
   * Cost charged to a tenant so far (since the guard was created). With a `store`: the shared
   * total as this instance last saw it (read the store for the current one).
   */
  spentBy(tenant: string): number;
}

// Tenants remembered; the least recently charged is forgotten past it.
const MAX_TENANTS = 10_000;

/**
 * Cost estimates per call (call.cost, then tool.cost, then the `costs` table), charged when a
 * call is let through and rolled up per request and per tenant against soft (warn) and hard
 * (block) budgets.
 */
export function costBudgetGuard(options: CostBudgetGuardOptions = {}): CostBudgetGuard {
  const identity = guardIdentity('cost-budget', options);
  const defaultCost = nonNegative('cost-budget.defaultCost', options.defaultCost, 0)!;
  const costs = options.costs ?? {};
  for (const [name, cost] of Object.entries(costs)) nonNegative(`cost-budget.costs.${name}`, cost);
  const tenantBudget = checkLimits('cost-budget.tenantBudget', options.tenantBudget);
  const tenants = new Map(
    Object.entries(options.tenants ?? {}).map(([tenant, limits]) => [
      tenant,
      checkLimits(`cost-budget.tenants.${tenant}`, limits),
    ]),
  );
  const requestBudget = checkLimits('cost-budget.requestBudget', options.requestBudget);
  const requests = new RequestState<{ spent: number }>(() => ({ spent: 0 }));
  const tenantSpend = new Map<string, number>();
  const store = options.store;
  const remember = (tenant: string, spent: number) => {
    tenantSpend.delete(tenant);
    if (tenantSpend.size >= MAX_TENANTS)
      tenantSpend.delete(tenantSpend.keys().next().value as string);
    tenantSpend.set(tenant, spent);
  };

  /** The tenant's verdict against the shared store: checked and charged in one step. */
  const chargeShared = async (
    shared: CounterStoreV1,
    tenant: string,
    cost: number,
    request: { spent: number },
    requestVerdict: GuardVerdict | undefined,
    dryRun: boolean,
  ): Promise<GuardVerdict> => {
    const limits = tenants.get(tenant) ?? tenantBudget;
    const key = `cost:tenant:${tenant}`;
    const who = `tenant "${tenant}"`;
    if (dryRun || cost === 0) {
      const spent = await shared.get(key);
      remember(tenant, spent);
      const verdict = overBudget(who, spent, cost, limits);
      return verdict?.verdict === 'block' ? verdict : (requestVerdict ?? verdict ?? ALLOW);
    }
    const { added, total } = await shared.add(key, cost, limits?.hard);
    remember(tenant, total);
    if (!added) return overBudget(who, total, cost, limits)!;
    request.spent += cost;
    return requestVerdict ?? overBudget(who, total - cost, cost, limits) ?? ALLOW;
  };

  // Looking up a freshly built name in an object interns the string first: skipped when the
  // table is empty (the usual case).
  const hasCostTable = Object.keys(costs).length > 0;
  const costOfCall = (call: ToolCall, tool: ToolDefinition) =>
    call.cost ??
    tool.cost ??
    (hasCostTable ? (costs[`${tool.namespace}.${tool.name}`] ?? costs[tool.name]) : undefined) ??
    defaultCost;

  return {
    ...identity,
    pre({ call, tool, context, dryRun }) {
      const cost = costOfCall(call, tool);
      // A free call changes no total, so it reads the request's state without creating it:
      // requests of free tools leave nothing in the LRU (no map churn per call).
      const request =
        dryRun || cost === 0 ? (requests.peek(context) ?? { spent: 0 }) : requests.get(context);
      const tenant = context.tenant;
      // Request first, then tenant: the first block wins, else the first soft overrun warns.
      const requestVerdict = overBudget('request', request.spent, cost, requestBudget);
      if (requestVerdict?.verdict === 'block') return requestVerdict;
      if (store && tenant !== undefined) {
        return chargeShared(store, tenant, cost, request, requestVerdict, dryRun);
      }
      const tenantVerdict =
        tenant === undefined
          ? undefined
          : overBudget(
              `tenant "${tenant}"`,
              tenantSpend.get(tenant) ?? 0,
              cost,
              tenants.get(tenant) ?? tenantBudget,
            );
      if (tenantVerdict?.verdict === 'block') return tenantVerdict;
      if (!dryRun) {
        request.spent += cost;
        if (tenant !== undefined) remember(tenant, (tenantSpend.get(tenant) ?? 0) + cost);
      }
      return requestVerdict ?? tenantVerdict ?? ALLOW;
    },
    // No endRequest: request totals stay readable (costOf) after the request, bounded by the LRU.
    costOf: (context) => requests.peek(context)?.spent ?? 0,
    spentBy: (tenant) => tenantSpend.get(tenant) ?? 0,
  };
}

/** A block past the hard limit, a warn past the soft one, or undefined within budget. */
function overBudget(
  who: string,
  spent: number,
  cost: number,
  limits: CostLimits | undefined,
): GuardVerdict | undefined {
  const after = spent + cost;
  if (limits?.hard !== undefined && after > limits.hard) {
    return {
      verdict: 'block',
      reason: `${who} would spend ${after} (hard budget ${limits.hard})`,
      details: { cost, spent },
    };
  }
  if (limits?.soft !== undefined && after > limits.soft) {
    return {
      verdict: 'warn',
      reason: `${who} spends ${after} (soft budget ${limits.soft})`,
      details: { cost },
    };
  }
  return undefined;
}

function checkLimits(field: string, limits: CostLimits | undefined): CostLimits | undefined {
  if (limits === undefined) return undefined;
  if (typeof limits !== 'object' || limits === null)
    throw new ConfigurationError(field, 'must be { soft?, hard? }');
  const soft = nonNegative(`${field}.soft`, limits.soft);
  const hard = nonNegative(`${field}.hard`, limits.hard);
  return { ...(soft !== undefined ? { soft } : {}), ...(hard !== undefined ? { hard } : {}) };
}
