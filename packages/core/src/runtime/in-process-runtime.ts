import type { LoadedTool, ToolRuntimeV1 } from '../contracts/runtime/v1/tool-runtime-v1.js';
import type { ToolFunction } from '../define-tool.js';
import { IN_PROCESS_RUNTIME } from '../define-tool.js';
import { TpError } from '../errors/tp-error.js';
import { isAborted } from '../util/lazy-abort.js';

/**
 * Runs tools defined with defineTool in the calling thread. Cancellation is cooperative: the
 * tool receives ctx.signal; the processor stops waiting for it as soon as the signal aborts.
 * Isolation "none" enforces no permission: a tool declaring any grant or limit is refused unless
 * the operator accepts it (docs/permissions.md).
 */
export function createInProcessRuntime(): ToolRuntimeV1<ToolFunction<unknown>> {
  let disposed = false;
  const unavailable = () =>
    new TpError({
      code: 'RUNTIME_UNAVAILABLE',
      message: '[tp:core] the in-process runtime was disposed',
    });
  return {
    specificationVersion: 'v1',
    kind: IN_PROCESS_RUNTIME,
    capabilities: () => ({ cancellation: true, progress: true, isolation: 'none', enforces: [] }),
    load(definition): LoadedTool<ToolFunction<unknown>> {
      if (disposed) throw unavailable();
      if (typeof definition.source !== 'function') {
        throw new TpError({
          code: 'CONFIGURATION_ERROR',
          message: `[tp:core] tool "${definition.name}" has no function to run in-process`,
        });
      }
      return { definition, handle: definition.source as ToolFunction<unknown> };
    },
    async execute(tool, args, ctx) {
      if (disposed) throw unavailable();
      if (isAborted(ctx)) throw ctx.signal.reason;
      return await tool.handle(args, ctx);
    },
    async dispose() {
      disposed = true;
    },
  };
}
