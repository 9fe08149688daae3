import type { ProgressUpdate, ToolDefinition } from '@tp/core';
import type { ResolvedNpxLimits } from './npx-limits.js';

/** Where a child finds a tool's code: a file URL (with a content hash) or an installed package. */
export interface ModuleRef {
  readonly url?: string;
  readonly dir?: string;
  readonly package?: string;
}

/** A tool made ready by `load`: what every level needs to run it. */
export interface PreparedTool {
  readonly definition: ToolDefinition;
  readonly module: ModuleRef;
  readonly export: string;
  /** npm tools: argument names passed positionally. */
  readonly positional?: readonly string[];
  /** Directories the child must read to load the module (its own, node_modules, the cache). */
  readonly codeDirs: readonly string[];
  readonly limits: ResolvedNpxLimits;
}

/** One sandbox level's way of running prepared tools. */
export interface LevelExecutor {
  /** Refuses (throws a ConfigurationError) a tool this level cannot run as declared. */
  check(tool: PreparedTool): void;
  run(tool: PreparedTool, args: unknown, ctx: CallContext): Promise<unknown>;
  warmup(tools: readonly PreparedTool[]): Promise<void>;
  dispose(): Promise<void>;
  health(): Record<string, unknown>;
  pids(): number[];
}

export interface CallContext {
  readonly callId: string;
  readonly signal: AbortSignal;
  /** ms this call may take: the tool's timeMs, or less when the call's deadline is earlier. */
  readonly timeMs: number;
  /** Passes a progress update of the running call on to the processor. */
  readonly reportProgress: (update: ProgressUpdate) => void;
}
