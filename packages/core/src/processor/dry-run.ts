import type {
  CallInvocation,
  CallMiddleware,
  CallOutcome,
} from '../contracts/call-middleware/v1/call-middleware-v1.js';
import type { ExecutionContext } from '../contracts/execution-context.js';
import type { GuardVerdictRecord } from '../contracts/guard/v1/guard-v1.js';
import type { ToolCall } from '../contracts/tool-call.js';
import type { ToolDefinition } from '../contracts/tool-definition.js';
import type { ToolResult } from '../contracts/tool-result.js';
import type { ToolErrorInfo } from '../errors/tool-error-info.js';
import type { GuardStage, PlanDecision } from '../guards/guard-stage.js';
import type { ObservedLatency } from './observed-latency.js';

/** Where a call's time estimate came from. */
export type EstimateSource = 'call' | 'observed' | 'tool' | 'unknown';

export interface DryRunEstimate {
  /** Expected duration, milliseconds (absent when nothing is known). */
  readonly ms?: number;
  readonly msSource: EstimateSource;
  /** Expected cost in the tool's own units (absent when the tool declares none). */
  readonly cost?: number;
}

/** The estimate for the whole batch, counting only the calls that would run. */
export interface DryRunPlanEstimate {
  readonly calls: number;
  readonly wouldRun: number;
  readonly cost: number;
  /** Sum of the known durations: the time run one after another. */
  readonly serialMs: number;
  /** Lower bound with the processor's concurrency: the longest dependsOn chain or serialMs / maxConcurrency. */
  readonly parallelMs: number;
  /** Calls that would run but have no time estimate (not counted in the times). */
  readonly unestimated: number;
}

/** `value` of every ToolResult of a dry run. */
export interface DryRunReport {
  readonly dryRun: true;
  readonly wouldRun: boolean;
  /** The stage that would refuse the call: 'validation', 'plan', a middleware name ('rate-limit', 'guards', ...). */
  readonly rejectedBy?: string;
  readonly verdicts: readonly GuardVerdictRecord[];
  readonly estimate: DryRunEstimate;
  readonly plan: DryRunPlanEstimate;
}

export type PreparedCall =
  | { readonly invocation: CallInvocation }
  | { readonly outcome: CallOutcome; readonly tool?: ToolDefinition };

export interface DryRunDependencies {
  readonly prepare: (call: ToolCall) => Promise<PreparedCall>;
  readonly resolve: (call: ToolCall) => ToolDefinition | undefined;
  /** The per-call stages, outermost first. */
  readonly stack: readonly CallMiddleware[];
  readonly guardStage: GuardStage | undefined;
  readonly latency: ObservedLatency;
  readonly maxConcurrency: number;
  readonly context: ExecutionContext;
}

interface CallVerdict {
  readonly call: ToolCall;
  readonly tool: ToolDefinition | undefined;
  readonly rejection?: { readonly stage: string; readonly error: ToolErrorInfo };
  readonly verdicts: readonly GuardVerdictRecord[];
  readonly estimate: DryRunEstimate;
}

/**
 * Runs everything up to the runtime without running it: parsing was done by the caller;
 * here validation, plan guards, pre guards and every stage's side-effect-free `preview`.
 * Nothing executes and no state changes (guards are told `dryRun: true`).
 */
export async function dryRunCalls(
  calls: readonly ToolCall[],
  dependencies: DryRunDependencies,
): Promise<ToolResult[]> {
  const { guardStage, context } = dependencies;
  const decision: PlanDecision | undefined = guardStage
    ? await guardStage.plan(calls, context, dependencies.resolve, true)
    : undefined;
  const judged: CallVerdict[] = [];
  for (const call of calls) judged.push(await judge(call, decision, dependencies));
  const plan = planEstimate(judged, dependencies.maxConcurrency);
  const now = Date.now();
  return judged.map((entry) => toReport(entry, plan, now));
}

async function judge(
  call: ToolCall,
  decision: PlanDecision | undefined,
  dependencies: DryRunDependencies,
): Promise<CallVerdict> {
  const planVerdicts = decision?.records ?? [];
  const prepared = await dependencies.prepare(call);
  if ('outcome' in prepared) {
    const error = prepared.outcome.error!;
    return {
      call,
      tool: prepared.tool,
      rejection: { stage: 'validation', error },
      verdicts: planVerdicts,
      estimate: estimate(call, prepared.tool, dependencies.latency),
    };
  }
  const { invocation } = prepared;
  const { tool } = invocation;
  const base = { call, tool, estimate: estimate(call, tool, dependencies.latency) };
  const planBlock = decision && (decision.blockAll ?? decision.blocked.get(call.id));
  if (planBlock)
    return { ...base, rejection: { stage: 'plan', error: planBlock }, verdicts: planVerdicts };
  const verdicts = [...planVerdicts];
  for (const stage of dependencies.stack) {
    if (stage === dependencies.guardStage?.middleware) {
      const pre = await dependencies.guardStage.previewCall(invocation);
      if (pre.records) verdicts.push(...pre.records);
      if (pre.blocked)
        return { ...base, rejection: { stage: stage.name, error: pre.blocked }, verdicts };
      continue;
    }
    const refusal = stage.preview ? await stage.preview(invocation) : undefined;
    if (refusal) return { ...base, rejection: { stage: stage.name, error: refusal }, verdicts };
  }
  return { ...base, verdicts };
}

function estimate(
  call: ToolCall,
  tool: ToolDefinition | undefined,
  latency: ObservedLatency,
): DryRunEstimate {
  const declaredCost = call.cost ?? tool?.cost ?? numberIn(tool?.metadata, 'cost');
  const cost = declaredCost === undefined ? {} : { cost: declaredCost };
  if (call.estimatedMs !== undefined) return { ms: call.estimatedMs, msSource: 'call', ...cost };
  const observed = tool && latency.estimate(tool);
  if (observed !== undefined) return { ms: observed, msSource: 'observed', ...cost };
  const declared = numberIn(tool?.metadata, 'estimatedMs');
  if (declared !== undefined) return { ms: declared, msSource: 'tool', ...cost };
  return { msSource: 'unknown', ...cost };
}

function numberIn(record: Readonly<Record<string, unknown>> | undefined, key: string) {
  const value = record?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function planEstimate(judged: readonly CallVerdict[], maxConcurrency: number): DryRunPlanEstimate {
  const running = judged.filter((entry) => !entry.rejection);
  const runningById = new Map(running.map((entry) => [entry.call.id, entry.call]));
  const msById = new Map<string, number>();
  let cost = 0;
  let serialMs = 0;
  let unestimated = 0;
  for (const entry of running) {
    cost += entry.estimate.cost ?? 0;
    const ms = entry.estimate.ms;
    if (ms === undefined) unestimated++;
    else serialMs += ms;
    msById.set(entry.call.id, ms ?? 0);
  }
  const finish = new Map<string, number>();
  const finishOf = (call: ToolCall, visiting: Set<string>): number => {
    const known = finish.get(call.id);
    if (known !== undefined) return known;
    visiting.add(call.id);
    let start = 0;
    for (const id of call.dependsOn ?? []) {
      const dependency = runningById.get(id);
      if (dependency && !visiting.has(id)) start = Math.max(start, finishOf(dependency, visiting));
    }
    visiting.delete(call.id);
    const end = start + (msById.get(call.id) ?? 0);
    finish.set(call.id, end);
    return end;
  };
  let longestChain = 0;
  for (const entry of running)
    longestChain = Math.max(longestChain, finishOf(entry.call, new Set()));
  return {
    calls: judged.length,
    wouldRun: running.length,
    cost,
    serialMs,
    parallelMs: Math.max(longestChain, serialMs / maxConcurrency),
    unestimated,
  };
}

function toReport(entry: CallVerdict, plan: DryRunPlanEstimate, now: number): ToolResult {
  const report: DryRunReport = {
    dryRun: true,
    wouldRun: !entry.rejection,
    ...(entry.rejection ? { rejectedBy: entry.rejection.stage } : {}),
    verdicts: entry.verdicts,
    estimate: entry.estimate,
    plan,
  };
  return {
    callId: typeof entry.call?.id === 'string' ? entry.call.id : '',
    tool: entry.tool?.name ?? (typeof entry.call?.tool === 'string' ? entry.call.tool : ''),
    namespace: entry.tool?.namespace ?? entry.call?.namespace ?? '',
    ...(entry.rejection
      ? { ok: false as const, value: report, error: entry.rejection.error }
      : { ok: true as const, value: report }),
    attempts: 0,
    cached: false,
    startedAt: now,
    endedAt: now,
    durationMs: 0,
    runtime: entry.tool?.runtime ?? '',
  };
}
