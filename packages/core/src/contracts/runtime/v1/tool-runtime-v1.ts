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
  /**
   * The runtime implements `discover` and reads files ending with one of these (`['.tcl']`): a
   * folder watcher reloads only such files.
   */
  readonly discovery?: { readonly extensions: readonly string[] };
}

/** What `discover` gets besides the path (all optional). */
export interface DiscoverOptionsV1 {
  /**
   * `source` is one file found under this folder (the folder's layout may name the tools): its
   * tools only, or none when the file is not a tool of the layout.
   */
  readonly root?: string;
  /** The file's content, when the caller has read it already (a watcher that hashes files). */
  readonly text?: string;
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
  /**
   * Optional capability: the tools in a folder (`source`), or with `options.root` those of the
   * one file `source`. An invalid tool file rejects with a CONFIGURATION_ERROR naming it.
   */
  discover?(source: string, options?: DiscoverOptionsV1): Promise<readonly ToolDefinition[]>;
}
