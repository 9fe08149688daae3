import type {
  CallHandler,
  CallInvocation,
  CallOutcome,
} from '../contracts/call-middleware/v1/call-middleware-v1.js';
import type { LoadedTool, ToolRuntimeV1 } from '../contracts/runtime/v1/tool-runtime-v1.js';
import type { ToolDefinition } from '../contracts/tool-definition.js';
import { abortReasonToErrorInfo } from '../errors/abort-reason.js';
import { toErrorInfo, toolErrorInfo } from '../errors/tp-error.js';
import type { EventBus } from '../events/event-bus.js';
import { failure } from '../outcomes/call-outcomes.js';
import type { AcceptWeakerPermissions } from '../permissions/accepted-weaker-permissions.js';
import { checkEnforceable } from '../permissions/check-enforceable.js';
import { isAborted } from '../util/lazy-abort.js';
import { RuntimeExecutionContext } from './runtime-execution-context.js';
import type { RuntimeLookup } from './runtime-lookup.js';
import { type RuntimeSlots, runtimeSlots } from './runtime-slots.js';

/**
 * The innermost stage: finds the tool's runtime, loads the tool once (concurrent first calls
 * share the load) after checking the runtime enforces the tool's permissions, waits for one of the runtime's slots when it declares a maxConcurrency, and
 * executes it. Never throws: every failure becomes an outcome.
 */
export function createRuntimeHandler(
  runtimes: RuntimeLookup,
  events: EventBus,
  acceptWeakerPermissions: AcceptWeakerPermissions = {},
): (tool: ToolDefinition) => CallHandler {
  const loaded = new WeakMap<ToolDefinition, LoadedTool | Promise<LoadedTool>>();

  const announceLoad = (
    runtime: ToolRuntimeV1,
    tool: ToolDefinition,
    start: number,
    error?: unknown,
  ) => {
    if (!events.wants('runtime:load')) return;
    events.emit('runtime:load', {
      tool: tool.name,
      namespace: tool.namespace,
      runtime: runtime.kind,
      durationMs: performance.now() - start,
      ok: error === undefined,
      ...(error === undefined ? {} : { error: toErrorInfo(error) }),
    });
  };

  const load = (runtime: ToolRuntimeV1, tool: ToolDefinition): LoadedTool | Promise<LoadedTool> => {
    let entry = loaded.get(tool);
    if (!entry) {
      checkEnforceable(tool, runtime, acceptWeakerPermissions);
      const start = performance.now();
      try {
        entry = runtime.load(tool);
      } catch (error) {
        announceLoad(runtime, tool, start, error);
        throw error;
      }
      if (entry instanceof Promise) {
        entry.then(
          () => announceLoad(runtime, tool, start),
          (error: unknown) => {
            // A failed load is not remembered, so the next call tries again.
            loaded.delete(tool);
            announceLoad(runtime, tool, start, error ?? new Error('the load failed'));
          },
        );
      } else {
        announceLoad(runtime, tool, start);
      }
      loaded.set(tool, entry);
    }
    return entry;
  };

  const run = async (
    runtime: ToolRuntimeV1,
    slots: RuntimeSlots | undefined,
    invocation: CallInvocation,
  ): Promise<CallOutcome> => {
    const ctx = new RuntimeExecutionContext(invocation);
    let holding = false;
    try {
      let entry = load(runtime, invocation.tool);
      if (entry instanceof Promise) entry = await entry;
      if (slots) {
        const taken = slots.acquire(() => invocation.signal);
        if (taken !== true) await taken;
        holding = true;
      }
      const value = await runtime.execute(entry, invocation.args, ctx);
      return { ok: true, value, attempts: 1, cached: false };
    } catch (error) {
      if (isAborted(ctx) && error === ctx.signal.reason) {
        return failure(abortReasonToErrorInfo(error), 1);
      }
      return failure(toErrorInfo(error), 1);
    } finally {
      if (holding) slots!.release();
    }
  };

  return (tool) => {
    const runtime = runtimes.runtimeFor(tool);
    if (!runtime) {
      const outcome = failure(
        toolErrorInfo(
          'RUNTIME_UNAVAILABLE',
          `no runtime of kind "${tool.runtime}" is configured for tool "${tool.name}": bind one when registering the tool (registry.register(tools, { runtime })) or pass it in createProcessor({ runtimes })`,
          {
            retryable: false,
            details: { runtime: tool.runtime, configured: runtimes.kinds() },
          },
        ),
      );
      return () => Promise.resolve(outcome);
    }
    const slots = runtimeSlots(runtime);
    return (invocation) => run(runtime, slots, invocation);
  };
}
