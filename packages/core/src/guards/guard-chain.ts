import type { ExecutionContext } from '../contracts/execution-context.js';
import type {
  GuardPhase,
  GuardV1,
  GuardVerdict,
  GuardVerdictKind,
  GuardVerdictRecord,
} from '../contracts/guard/v1/guard-v1.js';
import type { ToolWarning } from '../contracts/tool-result.js';
import type { ToolErrorInfo } from '../errors/tool-error-info.js';
import type { EventBus } from '../events/event-bus.js';
import { guardBlockedError } from './guard-blocked.js';
import { screenReason, type WithheldBy } from './withholding.js';

export interface ChainScope {
  readonly phase: GuardPhase;
  readonly context: ExecutionContext;
  readonly dryRun: boolean;
  readonly callId?: string;
  readonly tool?: string;
  /** False when a repair has nothing to replace (post phase of a failed call): it becomes a warn. */
  readonly canRepair: boolean;
  /** Keep a GuardVerdictRecord per guard (dry runs). */
  readonly record: boolean;
  /** Guards that withhold data: a reason or details quoting it are reported without it. */
  readonly withheldBy?: WithheldBy;
}

export interface ChainResult {
  /** Set when a guard blocked; the chain stopped there. */
  readonly blocked?: ToolErrorInfo;
  /** Plan phase: the calls the block applies to (absent: all). */
  readonly blockedCallIds?: readonly string[];
  /** The input, or the last repair's replacement. */
  readonly value: unknown;
  readonly warnings?: ToolWarning[];
  readonly records?: GuardVerdictRecord[];
  /** How many guards, from the start of the list, answered without blocking. */
  readonly passed: number;
}

/**
 * Runs guards in order over one value. The first effective block stops the chain; a repair
 * replaces the value for the guards after it; warns (and demoted blocks/repairs) become
 * warnings. A guard that throws is a block: guards fail closed.
 */
export async function runGuardChain(
  guards: readonly GuardV1[],
  ask: (guard: GuardV1, value: unknown) => GuardVerdict | Promise<GuardVerdict>,
  initial: unknown,
  scope: ChainScope,
  events: EventBus,
): Promise<ChainResult> {
  let value = initial;
  let warnings: ToolWarning[] | undefined;
  let records: GuardVerdictRecord[] | undefined;
  const timed = events.wants('guard:verdict');
  const quiet = !timed && !scope.record;
  for (let index = 0; index < guards.length; index++) {
    const guard = guards[index]!;
    const start = timed ? performance.now() : 0;
    let verdict: GuardVerdict;
    try {
      const answer = ask(guard, value);
      verdict = answer instanceof Promise ? await answer : answer;
      // Most answers are a plain allow with nobody timing or recording them: nothing to do.
      if (quiet && (verdict as GuardVerdict | undefined)?.verdict === 'allow') continue;
      if (!isVerdict(verdict)) verdict = invalidVerdict(verdict);
    } catch (error) {
      verdict = { verdict: 'block', reason: `the guard failed: ${describe(error)}` };
    }
    if (scope.withheldBy && verdict.verdict !== 'allow') {
      verdict = screenVerdict(verdict, scope.withheldBy);
    }
    const applied = applyEnforcement(guard, verdict, scope.canRepair);
    const reason = verdict.verdict === 'allow' ? undefined : verdict.reason;
    if (timed) {
      events.emit('guard:verdict', {
        guard: guard.name,
        phase: scope.phase,
        verdict: verdict.verdict,
        applied,
        ...(reason !== undefined ? { reason } : {}),
        ...(scope.callId !== undefined ? { callId: scope.callId } : {}),
        ...(scope.tool !== undefined ? { tool: scope.tool } : {}),
        latencyUs: (performance.now() - start) * 1000,
        dryRun: scope.dryRun,
        context: scope.context,
      });
    }
    if (scope.record) {
      (records ??= []).push({
        guard: guard.name,
        phase: scope.phase,
        verdict: verdict.verdict,
        applied,
        ...(reason !== undefined ? { reason } : {}),
      });
    }
    if (applied === 'allow' || verdict.verdict === 'allow') continue;
    const details = verdict.details;
    if (applied === 'block') {
      const callIds = verdict.verdict === 'block' ? verdict.callIds : undefined;
      return {
        blocked: guardBlockedError(guard.name, scope.phase, verdict.reason, scope.tool, details),
        ...(callIds ? { blockedCallIds: callIds } : {}),
        value,
        ...(warnings ? { warnings } : {}),
        ...(records ? { records } : {}),
        passed: index,
      };
    }
    if (applied === 'repair' && verdict.verdict === 'repair') value = verdict.value;
    (warnings ??= []).push({
      source: `guard:${guard.name}`,
      message: verdict.reason,
      details: { guard: guard.name, phase: scope.phase, verdict: verdict.verdict, ...details },
    });
  }
  return {
    value,
    ...(warnings ? { warnings } : {}),
    ...(records ? { records } : {}),
    passed: guards.length,
  };
}

/** The verdict with its reason and details withheld when a guard withholds what they quote. */
function screenVerdict(
  verdict: Exclude<GuardVerdict, { verdict: 'allow' }>,
  withheldBy: WithheldBy,
) {
  const screened = screenReason(verdict.reason, verdict.details, withheldBy);
  if (screened.reason === verdict.reason) return verdict;
  const { details: _withheld, ...rest } = verdict;
  return { ...rest, reason: screened.reason };
}

function applyEnforcement(
  guard: GuardV1,
  verdict: GuardVerdict,
  canRepair: boolean,
): GuardVerdictKind {
  if (verdict.verdict === 'allow' || verdict.verdict === 'warn') return verdict.verdict;
  if (guard.enforcement === 'warn') return 'warn';
  if (verdict.verdict === 'repair' && !canRepair) return 'warn';
  return verdict.verdict;
}

const kinds = new Set<unknown>(['allow', 'warn', 'block', 'repair']);

function isVerdict(value: unknown): value is GuardVerdict {
  if (typeof value !== 'object' || value === null) return false;
  const { verdict, reason } = value as { verdict?: unknown; reason?: unknown };
  if (!kinds.has(verdict)) return false;
  if (verdict === 'allow') return true;
  return typeof reason === 'string' && (verdict !== 'repair' || 'value' in value);
}

function invalidVerdict(value: unknown): GuardVerdict {
  const shape = typeof value === 'object' && value !== null ? 'an object' : typeof value;
  return {
    verdict: 'block',
    reason: `the guard returned ${shape} instead of a verdict (allow | warn | block | repair with a reason)`,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}
