import { fileURLToPath } from 'node:url';
import {
  ConfigurationError,
  type LoadedTool,
  type RuntimeHealth,
  type ToolDefinition,
  type ToolExecutionContext,
  type ToolRuntimeV1,
  TpError,
} from '@tp/core';
import { TCL_RUNTIME, type TclToolSource } from './define-tcl-tool.js';
import { NestedCallScope } from './host/nested-call-scope.js';
import { loadTclFile, loadTclTools } from './loading/load-tcl-tools.js';
import { replyError, replyValue, workerExitError } from './map-tcl-reply.js';
import { toTclValue } from './protocol/tcl-value.js';
import { resolveLimits, type TclLimits } from './tcl-limits.js';
import { callLimits, checkToolLimits, tclEnforces } from './tcl-permissions.js';
import type {
  HostCallHandler,
  TclWorker,
  WorkerReply,
  WorkerRequest,
} from './worker/tcl-worker.js';
import { WorkerExit } from './worker/tcl-worker.js';
import { WorkerPool } from './worker/worker-pool.js';

/**
 * A host function a Tcl script may call by name (exposed with `interp alias`, only the names
 * listed). Arguments arrive as the Tcl words; the returned value is handed back as a Tcl value.
 */
export type TclHostCommand = (args: readonly string[], ctx: ToolExecutionContext) => unknown;

export interface TclRuntimeOptions {
  /** tclsh worker processes (default 2). */
  readonly poolSize?: number;
  readonly limits?: TclLimits;
  /** The tclsh executable (default `$TP_TCLSH` or `tclsh` on PATH). */
  readonly tclsh?: string;
  /** The allow-list of host commands, e.g. `{ 'tp::call': createToolCallCommand(...) }`. */
  readonly hostCommands?: Readonly<Record<string, TclHostCommand>>;
  /** How long after the time limit a call that does not stop gets its worker killed (default 1000 ms). */
  readonly killGraceMs?: number;
}

export interface TclRuntime extends ToolRuntimeV1<TclToolSource> {
  /** Starts every worker now (they otherwise start on first use); resolves when all are ready. */
  warmup(): Promise<void>;
  /** Process ids of the live workers (for monitoring and leak checks). */
  workerPids(): number[];
}

const hostCommandName = /^(?:::)?[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)*$/;
const workerScript = fileURLToPath(new URL('../tcl/worker.tcl', import.meta.url));

/** The `tcl` runtime: Tcl 8.6 tools in pooled tclsh workers, each call in a fresh safe interpreter. */
export function createTclRuntime(options: TclRuntimeOptions = {}): TclRuntime {
  const poolSize = options.poolSize ?? 2;
  if (!Number.isInteger(poolSize) || poolSize < 1) {
    throw new ConfigurationError('poolSize', `must be an integer >= 1 (got ${String(poolSize)})`);
  }
  const limits = resolveLimits(options.limits);
  const killGraceMs = options.killGraceMs ?? 1000;
  if (!(killGraceMs >= 0)) throw new ConfigurationError('killGraceMs', 'must be >= 0');
  const hostCommands = options.hostCommands ?? {};
  for (const [name, command] of Object.entries(hostCommands)) {
    if (!hostCommandName.test(name) || typeof command !== 'function') {
      throw new ConfigurationError(
        `hostCommands.${name}`,
        'must map a Tcl command name (e.g. tp::call) to a function',
      );
    }
  }
  const pool = new WorkerPool(poolSize, {
    tclsh: options.tclsh ?? process.env.TP_TCLSH ?? 'tclsh',
    script: workerScript,
    recursion: limits.recursion,
    hostCommands: Object.keys(hostCommands),
    memoryMb: limits.memoryMb,
  });
  let disposed = false;
  const unavailable = () =>
    new TpError({
      code: 'RUNTIME_UNAVAILABLE',
      message: '[tp:runtime-tcl] the Tcl runtime was disposed',
    });

  const hostHandler =
    (scope: NestedCallScope): HostCallHandler =>
    async (name, args) => {
      const command = hostCommands[name];
      if (!command) return { ok: false, value: `host command "${name}" is not allowed` };
      try {
        return { ok: true, value: toTclValue(await command(args, scope.context())) };
      } catch (error) {
        return { ok: false, value: error instanceof Error ? error.message : String(error) };
      }
    };

  const runOn = (
    worker: TclWorker,
    request: WorkerRequest,
    tool: ToolDefinition,
    ctx: ToolExecutionContext,
    scope: NestedCallScope,
  ): Promise<WorkerReply> =>
    new Promise<WorkerReply>((resolve, reject) => {
      let settled = false;
      const settle = (action: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        ctx.signal.removeEventListener('abort', onAbort);
        action();
      };
      // Cancellation cannot interrupt a running Tcl command, so the worker goes.
      const onAbort = () =>
        settle(() => {
          pool.discard(worker);
          reject(ctx.signal.reason);
        });
      // The interpreter's time limit cannot stop one long command (a sleep, a huge lsort).
      const timer = setTimeout(
        () =>
          settle(() => {
            pool.discard(worker);
            reject(
              new TpError({
                code: 'TOOL_TIMEOUT',
                message: `[tp:runtime-tcl] ${tool.name}: no answer ${request.timeMs} ms into the call; the worker was killed and replaced`,
                details: { tool: tool.name, limit: 'time', killed: true },
              }),
            );
          }),
        request.timeMs + killGraceMs,
      );
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      worker.run(request, hostHandler(scope)).then(
        (reply) =>
          settle(() => {
            pool.release(worker);
            resolve(reply);
          }),
        (error: unknown) =>
          settle(() => {
            pool.discard(worker);
            if (disposed) reject(unavailable());
            else if (error instanceof WorkerExit) {
              reject(workerExitError(error, tool.name, limits.memoryMb));
            } else reject(error);
          }),
      );
    });

  return {
    specificationVersion: 'v1',
    kind: TCL_RUNTIME,
    capabilities: () => ({
      cancellation: true,
      progress: false,
      isolation: 'process',
      maxConcurrency: poolSize,
      enforces: tclEnforces(limits),
      discovery: { extensions: ['.tcl'] },
    }),
    load(definition): LoadedTool<TclToolSource> {
      if (disposed) throw unavailable();
      const source = definition.source as Partial<TclToolSource> | undefined;
      if (typeof source?.script !== 'string' || !Array.isArray(source.parameterNames)) {
        throw new TpError({
          code: 'CONFIGURATION_ERROR',
          message: `[tp:runtime-tcl] tool "${definition.name}" has no Tcl script (define it with defineTclTool)`,
        });
      }
      checkToolLimits(definition, limits);
      return { definition, handle: source as TclToolSource };
    },
    async execute(tool, args, ctx) {
      if (disposed) throw unavailable();
      if (ctx.signal.aborted) throw ctx.signal.reason;
      const source = tool.handle;
      const values = (args ?? {}) as Record<string, unknown>;
      const parameters: string[] = [];
      for (const name of source.parameterNames) {
        if (values[name] !== undefined) parameters.push(name, toTclValue(values[name]));
      }
      const remaining = ctx.deadline === undefined ? Infinity : ctx.deadline - Date.now();
      const toolLimits = callLimits(tool.definition, limits);
      const request: WorkerRequest = {
        script: source.script,
        mode: source.result === 'json' ? 'json' : 'text',
        commands: toolLimits.commands,
        timeMs: Math.max(1, Math.min(toolLimits.timeMs, Math.ceil(remaining))),
        outputBytes: toolLimits.outputBytes,
        parameters,
      };
      const worker = await pool.acquire(ctx.signal);
      if (disposed) {
        pool.release(worker);
        throw unavailable();
      }
      const scope = new NestedCallScope(ctx, tool.definition.name);
      try {
        const reply = await runOn(worker, request, tool.definition, ctx, scope);
        if (!reply.ok) throw replyError(reply, tool.definition.name, toolLimits);
        return replyValue(reply, source);
      } finally {
        scope.end();
      }
    },
    async dispose() {
      disposed = true;
      await pool.dispose();
    },
    health(): RuntimeHealth {
      if (disposed) return { status: 'down' };
      return { status: 'ready', details: { workers: pool.pids.length, poolSize } };
    },
    discover: (source, options) =>
      options?.root === undefined
        ? loadTclTools(source)
        : loadTclFile(source, options.root, options.text),
    warmup: () => pool.warmup(),
    workerPids: () => pool.pids,
  };
}
