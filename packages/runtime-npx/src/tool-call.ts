import { outputExceeded, thrownError } from './npx-errors.js';
import type { ModuleRef, PreparedTool } from './prepared-tool.js';
import type { ThrownInfo } from './process/node-child.js';

/** How child/tool-module.mjs answers one call (the thread and in-process levels get it as is). */
export type CallReply =
  | { readonly ok: true; readonly json: string }
  | { readonly ok: false; readonly error: ThrownInfo }
  | { readonly ok: false; readonly limit: 'output'; readonly bytes: number };

export interface CallRequest {
  readonly op?: 'call' | 'describe' | 'load';
  readonly callId?: string;
  readonly module: ModuleRef;
  readonly export?: string;
  readonly args?: unknown;
  readonly positional?: readonly string[];
  readonly outputBytes: number;
}

/** What tool code gets as its second argument. */
export interface ToolContext {
  readonly callId?: string;
  readonly signal: AbortSignal;
  readonly reportProgress?: (update: unknown) => void;
}

interface ToolModule {
  callTool(request: CallRequest, ctx: ToolContext): Promise<CallReply>;
  progressReporter(send: (update: unknown) => void): (update: unknown) => void;
}

let toolModule: Promise<ToolModule> | undefined;

/** The shared loader of child/ (plain JS), imported into the host for in-process calls. */
export function hostToolModule(): Promise<ToolModule> {
  toolModule ??= import(
    new URL('../child/tool-module.mjs', import.meta.url).href
  ) as Promise<ToolModule>;
  return toolModule;
}

/** The value of a call, or the TpError it ends in. */
export function replyValue(reply: CallReply, tool: PreparedTool): unknown {
  if (reply.ok) return JSON.parse(reply.json) as unknown;
  const name = tool.definition.name;
  if ('limit' in reply) throw outputExceeded(name, tool.limits.outputBytes, reply.bytes);
  throw thrownError(reply.error, name);
}
