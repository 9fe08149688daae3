import { type ExecutionContext, type LoadedTool, type ToolRuntimeV1, TpError } from '@tp/core';
import { MCP_RESULT_FORMAT } from './call-result.js';
import { isMcpToolSource, MCP_RUNTIME, type McpToolSource } from './mcp-tool-source.js';
import type { CallOptions } from './server-connection.js';

/** What the runtime needs from its StreamManager. */
export interface McpCallTarget {
  callTool(server: string, tool: string, args: unknown, options: CallOptions): Promise<unknown>;
  health(): { status: 'ready' | 'degraded' | 'down'; details: Record<string, unknown> };
  close(): Promise<void>;
}

/**
 * The `mcp` runtime: executes tools whose source is `{ server, tool }` on the StreamManager's
 * connection to that server. Disposing it closes the manager (it owns the connections).
 */
export function createMcpRuntime(target: McpCallTarget): ToolRuntimeV1<McpToolSource> {
  let disposed = false;
  const unavailable = () =>
    new TpError({ code: 'RUNTIME_UNAVAILABLE', message: '[tp:mcp] the MCP runtime was disposed' });
  return {
    specificationVersion: 'v1',
    kind: MCP_RUNTIME,
    capabilities: () => ({ cancellation: true, progress: true, isolation: 'remote' }),
    load(definition): LoadedTool<McpToolSource> {
      if (disposed) throw unavailable();
      if (!isMcpToolSource(definition.source)) {
        throw new TpError({
          code: 'CONFIGURATION_ERROR',
          message: `[tp:mcp] tool "${definition.name}" has no { server, tool } source`,
        });
      }
      return { definition, handle: definition.source };
    },
    async execute(tool, args, ctx) {
      if (disposed) throw unavailable();
      if (ctx.signal.aborted) throw ctx.signal.reason;
      const { definition } = tool;
      const meta = traceMeta(ctx.context);
      return target.callTool(tool.handle.server, tool.handle.tool, args, {
        ...(meta ? { meta } : {}),
        signal: ctx.signal,
        onProgress: ctx.reportProgress,
        repeatable: definition.idempotent === true || definition.sideEffect === 'read_only',
        ...(ctx.context.metadata[MCP_RESULT_FORMAT] === 'mcp' ? { resultFormat: 'mcp' } : {}),
      });
    },
    health: () => target.health(),
    async dispose() {
      if (disposed) return;
      disposed = true;
      await target.close();
    },
  };
}

/** The call's W3C trace context, as the MCP request `_meta` carries it (OTel MCP conventions). */
function traceMeta(context: ExecutionContext): Record<string, string> | undefined {
  if (context.traceparent === undefined) return undefined;
  return {
    traceparent: context.traceparent,
    ...(context.tracestate !== undefined ? { tracestate: context.tracestate } : {}),
  };
}
