import type {
  CallInvocation,
  CallMiddleware,
  CallOutcome,
} from '../contracts/call-middleware/v1/call-middleware-v1.js';
import type { ExecutionContext } from '../contracts/execution-context.js';
import type {
  GuardCallInput,
  GuardCallResult,
  GuardPostInput,
  GuardV1,
  GuardVerdictRecord,
  PlannedCall,
} from '../contracts/guard/v1/guard-v1.js';
import type { ToolCall } from '../contracts/tool-call.js';
import type { ToolDefinition } from '../contracts/tool-definition.js';
import type { ToolWarning } from '../contracts/tool-result.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { ToolErrorInfo } from '../errors/tool-error-info.js';
import { toolErrorInfo } from '../errors/tp-error.js';
import type { EventBus } from '../events/event-bus.js';
import type { ParseIssue } from '../parsing/parse-issue.js';
import { type ValidationOutcome, validateArguments } from '../validation/validate-arguments.js';
import { type ChainResult, runGuardChain } from './guard-chain.js';
import { screenError, screenIssue, withholdingCheck } from './withholding.js';

/** What the plan phase decided for one request's batch. */
export interface PlanDecision {
  /** Blocks of the whole batch (first one wins). */
  readonly blockAll?: ToolErrorInfo;
  readonly blocked: ReadonlyMap<string, ToolErrorInfo>;
  /** Plan-phase warnings, recorded on every call of the batch. */
  readonly warnings?: readonly ToolWarning[];
  readonly records?: readonly GuardVerdictRecord[];
}

/** The guard layer of one processor: the plan hook, the per-call `guards` middleware, dry-run previews. */
export interface GuardStage {
  readonly middleware: CallMiddleware;
  /** Runs the plan guards over a batch and remembers the decision for the request's calls. */
  plan(
    calls: readonly ToolCall[],
    context: ExecutionContext,
    resolve: (call: ToolCall) => ToolDefinition | undefined,
    dryRun: boolean,
  ): Promise<PlanDecision>;
  /** The plan phase's block of this call, if any. */
  planBlock(context: ExecutionContext, callId: string): ToolErrorInfo | undefined;
  /** Dry run of the pre guards: verdicts and the block, changing no state. */
  previewCall(invocation: CallInvocation): Promise<ChainResult>;
  /** Drops the plan decision kept for this context (a process() call or a batch chunk is done). */
  forgetPlan(context: ExecutionContext): void;
  /** The request is over: guards drop their per-request state. */
  endRequest(context: ExecutionContext): void;
  /**
   * For stages inside the guards stage (retry) that report an attempt's error before the post
   * phase judged it: the error without what a guard withholds. Absent when no guard withholds.
   */
  readonly screenError?: (error: ToolErrorInfo) => ToolErrorInfo;
  /** Parse issues (which quote model output) without what a guard withholds. */
  readonly screenIssue?: (issue: ParseIssue) => ParseIssue;
  /** Whether a guard withholds `value` (events then leave it out). Absent when none withholds. */
  readonly withholds?: (value: unknown) => boolean;
}

const emptyDecision: PlanDecision = Object.freeze({ blocked: new Map() });

export function createGuardStage(guards: readonly GuardV1[], events: EventBus): GuardStage {
  checkGuards(guards);
  const active = guards.filter((guard) => guard.enforcement !== 'off');
  const planGuards = active.filter((guard) => typeof guard.plan === 'function');
  const preGuards = active.filter((guard) => typeof guard.pre === 'function');
  const postGuards = active.filter((guard) => typeof guard.post === 'function');
  const settleGuards = active.filter((guard) => typeof guard.settle === 'function');
  const endGuards = active.filter((guard) => typeof guard.endRequest === 'function');
  const decisions = new WeakMap<ExecutionContext, PlanDecision>();
  const withheldBy = withholdingCheck(active);
  const screening = withheldBy ? { withheldBy } : {};

  const runPre = (invocation: CallInvocation, dryRun: boolean) => {
    // One input object for the guards of a call, rebuilt only after a repair.
    let input: GuardCallInput | undefined;
    return runGuardChain(
      preGuards,
      (guard, args) => {
        if (input === undefined || input.args !== args) {
          input = {
            call: invocation.call,
            tool: invocation.tool,
            args: args as CallInvocation['args'],
            context: invocation.context,
            dryRun,
          };
        }
        return guard.pre!(input);
      },
      invocation.args,
      {
        phase: 'pre',
        context: invocation.context,
        dryRun,
        callId: invocation.call.id,
        tool: invocation.tool.name,
        canRepair: true,
        record: dryRun,
        ...screening,
      },
      events,
    );
  };

  const settle = (
    invocation: CallInvocation,
    args: CallInvocation['args'],
    passed: number,
    result: GuardCallResult,
  ) => {
    if (settleGuards.length === 0) return;
    const input: GuardPostInput = {
      call: invocation.call,
      tool: invocation.tool,
      args,
      context: invocation.context,
      dryRun: false,
      result,
    };
    for (const guard of settleGuards) {
      const preIndex = preGuards.indexOf(guard);
      if (preIndex >= passed) continue;
      try {
        guard.settle!(input);
      } catch {
        // A failing release must not change the call's outcome.
      }
    }
  };

  const middleware: CallMiddleware = {
    name: 'guards',
    wrap(next, tool) {
      if (active.length === 0) return next;
      return async (invocation) => {
        const planWarnings = decisions.get(invocation.context)?.warnings;
        let warnings: ToolWarning[] | undefined = planWarnings ? [...planWarnings] : undefined;
        let args = invocation.args;
        const pre = await runPre(invocation, false);
        if (pre.warnings) (warnings ??= []).push(...pre.warnings);
        if (pre.blocked) {
          settle(invocation, args, pre.passed, { ok: false, error: pre.blocked });
          return withWarnings(
            { ok: false, error: pre.blocked, attempts: 0, cached: false },
            warnings,
          );
        }
        if (pre.value !== args) {
          const repaired = await checkRepair(invocation.tool, pre.value);
          if (!repaired.ok) {
            settle(invocation, args, pre.passed, { ok: false, error: repaired.error });
            return withWarnings(
              { ok: false, error: repaired.error, attempts: 0, cached: false },
              warnings,
            );
          }
          args = repaired.value;
        }
        const outcome = await next(args === invocation.args ? invocation : { ...invocation, args });
        if (outcome.warnings) (warnings ??= []).push(...outcome.warnings);
        let final: CallOutcome = outcome;
        if (postGuards.length > 0) {
          let input: GuardPostInput | undefined;
          const post = await runGuardChain(
            postGuards,
            (guard, value) => {
              if (input === undefined || input.result.value !== value) {
                input = {
                  call: invocation.call,
                  tool,
                  args,
                  context: invocation.context,
                  dryRun: false,
                  result: outcome.ok
                    ? { ok: true, value }
                    : { ok: false, ...(outcome.error ? { error: outcome.error } : {}) },
                };
              }
              return guard.post!(input);
            },
            outcome.value,
            {
              phase: 'post',
              context: invocation.context,
              dryRun: false,
              callId: invocation.call.id,
              tool: tool.name,
              canRepair: outcome.ok,
              record: false,
              ...screening,
            },
            events,
          );
          if (post.warnings) (warnings ??= []).push(...post.warnings);
          if (post.blocked) {
            final = {
              ok: false,
              error: post.blocked,
              attempts: outcome.attempts,
              cached: outcome.cached,
            };
          } else if (post.value !== outcome.value) {
            final = { ...outcome, value: post.value };
          }
        }
        settle(
          invocation,
          args,
          pre.passed,
          final.ok
            ? { ok: true, value: final.value }
            : { ok: false, ...(final.error ? { error: final.error } : {}) },
        );
        return withWarnings(final, warnings);
      };
    },
    async preview(invocation) {
      return (await runPre(invocation, true)).blocked;
    },
  };

  return {
    middleware,
    ...(withheldBy
      ? {
          screenError: (error) => screenError(error, withheldBy),
          screenIssue: (issue) => screenIssue(issue, withheldBy),
          withholds: (value) => withheldBy(value) !== undefined,
        }
      : {}),
    async plan(calls, context, resolve, dryRun) {
      if (planGuards.length === 0) return emptyDecision;
      const planned: PlannedCall[] = calls.map((call) => {
        const tool = resolve(call);
        return tool ? { call, tool } : { call };
      });
      const blocked = new Map<string, ToolErrorInfo>();
      let blockAll: ToolErrorInfo | undefined;
      let warnings: ToolWarning[] | undefined;
      let records: GuardVerdictRecord[] | undefined;
      let remaining: readonly GuardV1[] = planGuards;
      // A block naming some calls blocks those; the guards after it still judge the rest.
      while (remaining.length > 0 && blockAll === undefined) {
        const chain = await runGuardChain(
          remaining,
          (guard) => guard.plan!({ calls: planned, context, dryRun }),
          undefined,
          { phase: 'plan', context, dryRun, canRepair: false, record: dryRun, ...screening },
          events,
        );
        if (chain.warnings) (warnings ??= []).push(...chain.warnings);
        if (chain.records) (records ??= []).push(...chain.records);
        if (!chain.blocked) break;
        if (chain.blockedCallIds === undefined) blockAll = chain.blocked;
        else
          for (const id of chain.blockedCallIds)
            if (!blocked.has(id)) blocked.set(id, chain.blocked);
        remaining = remaining.slice(chain.passed + 1);
      }
      const decision: PlanDecision = {
        ...(blockAll ? { blockAll } : {}),
        blocked,
        ...(warnings ? { warnings } : {}),
        ...(records ? { records } : {}),
      };
      // A decision with nothing to enforce is not stored (a missing one reads the same: no
      // block, no warnings); adding a WeakMap entry per request is not free.
      if (!dryRun) {
        if (blockAll || blocked.size > 0 || warnings) decisions.set(context, decision);
        else decisions.delete(context);
      }
      return decision;
    },
    planBlock(context, callId) {
      const decision = decisions.get(context);
      return decision && (decision.blockAll ?? decision.blocked.get(callId));
    },
    previewCall: (invocation) => runPre(invocation, true),
    forgetPlan(context) {
      decisions.delete(context);
    },
    endRequest(context) {
      for (const guard of endGuards) {
        try {
          guard.endRequest!(context);
        } catch {
          // Cleanup is best effort; the request already has its results.
        }
      }
    },
  };
}

function withWarnings(outcome: CallOutcome, warnings: ToolWarning[] | undefined): CallOutcome {
  if (!warnings || warnings === outcome.warnings) return outcome;
  return { ...outcome, warnings };
}

/**
 * Repaired arguments go through the tool's schema again (a guard must not hand a tool what its
 * schema forbids); the tool gets the validated value (defaults, coercion, zod output).
 */
async function checkRepair(tool: ToolDefinition, value: unknown): Promise<ValidationOutcome> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      error: toolErrorInfo(
        'GUARD_BLOCKED',
        `a guard repaired the arguments of "${tool.name}" into something that is not an object`,
      ),
    };
  }
  const validation = await validateArguments(tool, value as CallInvocation['args']);
  if (validation.ok) return validation;
  const { error } = validation;
  return {
    ok: false,
    error: {
      ...error,
      message: `a guard repaired the arguments of "${tool.name}" into ones its schema rejects: ${error.message}`,
      details: { ...error.details, repaired: true },
    },
  };
}

const enforcements = new Set<unknown>([undefined, 'off', 'warn', 'block']);

function checkGuards(guards: readonly GuardV1[]): void {
  if (!Array.isArray(guards)) throw new ConfigurationError('guards', 'must be an array of guards');
  guards.forEach((guard, index) => {
    const field = `guards[${index}]`;
    if (guard?.specificationVersion !== 'v1') {
      throw new ConfigurationError(
        field,
        'must implement the v1 guard contract (specificationVersion "v1")',
      );
    }
    if (typeof guard.name !== 'string' || guard.name === '') {
      throw new ConfigurationError(`${field}.name`, 'must be a non-empty string');
    }
    if (!enforcements.has(guard.enforcement)) {
      throw new ConfigurationError(`${field}.enforcement`, 'must be "off", "warn" or "block"');
    }
    const phases = ['plan', 'pre', 'post', 'settle', 'endRequest'] as const;
    if (!phases.some((phase) => typeof guard[phase] === 'function')) {
      throw new ConfigurationError(field, 'implements none of plan, pre, post');
    }
  });
}
