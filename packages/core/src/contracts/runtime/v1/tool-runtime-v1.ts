import type { ExecutionContext } from '../../execution-context.js';
import type { PermissionKey } from '../../permissions/v1/tool-permissions-v1.js';
import type { ToolDefinition } from '../../tool-definition.js';

export interface RuntimeCapabilitiesV1 {
  /** The runtime stops work when ctx.signal aborts (rather than only abandoning the promise). */
  readonly cancellation: boolean;
  /** The runtime reports progress through ctx.reportProgress. */
  readonly progress: boolean;
  /** Tools run isolated from the host process (separate process, sandbox, or remote). */
  readonly isolation: 'none' | 'sandbox' | 'process' | 'remote';
  /** Upper bound of calls the runtime runs at once, if it has one (e.g. a worker pool size). */
  readonly maxConcurrency?: number;
  /**
   * The fields of a tool's permissions manifest this runtime enforces (absent: none). A tool
   * declaring a grant or limit not listed is refused at load with CONFIGURATION_ERROR unless the
   * processor's `acceptWeakerPermissions` accepts it (docs/permissions.md).
   */
  readonly enforces?: readonly PermissionKey[];
}

export interface ProgressUpdate {
  readonly progress: number;
  readonly total?: number;
  readonly message?: string;
}

/** What a runtime gets with each execution. */
export interface ToolExecutionContext {
  readonly callId: string;
  /** Aborted on timeout, caller cancellation or processor close; the reason is a TpError. */
  readonly signal: AbortSignal;
  readonly context: ExecutionContext;
  /** Absolute deadline of this attempt, epoch milliseconds. */
  readonly deadline?: number;
  /** 1-based attempt number. */
  readonly attempt: number;
  reportProgress(update: ProgressUpdate): void;
}

/** A definition prepared by its runtime (compiled, connected, instantiated...). */
export interface LoadedTool<Handle = unknown> {
  readonly definition: ToolDefinition;
  readonly handle: Handle;
}

export interface RuntimeHealth {
  readonly status: 'ready' | 'degraded' | 'down';
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * Runtime contract v1. A runtime executes tools of one `kind`. Contract for implementers:
 * - `execute` resolves with the tool's value or throws; a TpError thrown keeps its code, anything
 *   else becomes TOOL_EXECUTION_FAILED.
 * - When `ctx.signal` aborts, `execute` rejects promptly (with the signal's reason) and releases
 *   whatever it holds.
 * - After `dispose()`, `load` and `execute` fail with RUNTIME_UNAVAILABLE.
 * `runRuntimeConformance` from `@tp/core/testing` checks all of this.
 */
export interface ToolRuntimeV1<Handle = unknown> {
  readonly specificationVersion: 'v1';
  readonly kind: string;
  capabilities(): RuntimeCapabilitiesV1;
  load(definition: ToolDefinition): LoadedTool<Handle> | Promise<LoadedTool<Handle>>;
  execute(tool: LoadedTool<Handle>, args: unknown, ctx: ToolExecutionContext): Promise<unknown>;
  dispose(): Promise<void>;
  health?(): RuntimeHealth | Promise<RuntimeHealth>;
  discover?(source: string): Promise<readonly ToolDefinition[]>;
}
