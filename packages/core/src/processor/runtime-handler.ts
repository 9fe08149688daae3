import type { LoadedTool, ToolRuntimeV1 } from '../contracts/runtime/v1/tool-runtime-v1.js';
import type { ToolDefinition } from '../contracts/tool-definition.js';
import { toErrorInfo, toolErrorInfo } from '../errors/tp-error.js';
import { isAborted } from '../util/lazy-abort.js';
import { abortReasonToErrorInfo } from './abort-reason.js';
import {
  type CallHandler,
  type CallInvocation,
  type CallOutcome,
  failure,
} from './call-middleware.js';
import { RuntimeExecutionContext } from './runtime-execution-context.js';

/**
 * The innermost stage: finds the tool's runtime, loads the tool once (concurrent first calls
 * share the load), and executes it. Never throws: every failure becomes an outcome.
 */
export function createRuntimeHandler(
  runtimes: ReadonlyMap<string, ToolRuntimeV1>,
): (tool: ToolDefinition) => CallHandler {
  const loaded = new WeakMap<ToolDefinition, LoadedTool | Promise<LoadedTool>>();

  const load = (runtime: ToolRuntimeV1, tool: ToolDefinition): LoadedTool | Promise<LoadedTool> => {
    let entry = loaded.get(tool);
    if (!entry) {
      entry = runtime.load(tool);
      if (entry instanceof Promise) {
        // A failed load is not remembered, so the next call tries again.
        entry.catch(() => loaded.delete(tool));
      }
      loaded.set(tool, entry);
    }
    return entry;
  };

  const run = async (runtime: ToolRuntimeV1, invocation: CallInvocation): Promise<CallOutcome> => {
    const ctx = new RuntimeExecutionContext(invocation);
    try {
      let entry = load(runtime, invocation.tool);
      if (entry instanceof Promise) entry = await entry;
      const value = await runtime.execute(entry, invocation.args, ctx);
      return { ok: true, value, attempts: 1, cached: false };
    } catch (error) {
      if (isAborted(ctx) && error === ctx.signal.reason) {
        return failure(abortReasonToErrorInfo(error), 1);
      }
      return failure(toErrorInfo(error), 1);
    }
  };

  return (tool) => {
    const runtime = runtimes.get(tool.runtime);
    if (!runtime) {
      const outcome = failure(
        toolErrorInfo(
          'RUNTIME_UNAVAILABLE',
          `no runtime of kind "${tool.runtime}" is configured for tool "${tool.name}"`,
          {
            retryable: false,
            details: { runtime: tool.runtime, configured: [...runtimes.keys()] },
          },
        ),
      );
      return () => Promise.resolve(outcome);
    }
    return (invocation) => run(runtime, invocation);
  };
}
