import { resolve } from 'node:path';
import {
  ConfigurationError,
  type LoadedTool,
  type RuntimeHealth,
  type ToolDefinition,
  type ToolRuntimeV1,
  TpError,
} from '@tp/core';
import { NPX_RUNTIME, type NpxToolSource } from './define-js-tool.js';
import { loadJsTools } from './load-js-tools.js';
import { createNoneLevel } from './none/none-level.js';
import { type InstalledPackage, installNpmTools } from './npm/npm-cache.js';
import { unavailable } from './npx-errors.js';
import { type NpxLimits, resolveLimits } from './npx-limits.js';
import { checkToolLimits, npxEnforces, type SandboxLevel } from './npx-permissions.js';
import { defaultCacheDir, prepareTool } from './prepare-tool.js';
import type { LevelExecutor, PreparedTool } from './prepared-tool.js';
import { createProcessLevel } from './process/process-level.js';
import { detectSandbox } from './process/sandbox-support.js';
import { createThreadLevel } from './thread/thread-level.js';

export interface NpxRuntimeOptions {
  /**
   * `process` (default): Node children under the permission model, network and pid namespaces,
   * env allow-list, heap cap, SIGKILL deadline. `thread`: worker threads for trusted code.
   * `none`: in the host process, for code the operator wrote.
   */
  readonly sandbox?: SandboxLevel;
  /** Children (process) or threads (thread) at most; default 2. */
  readonly poolSize?: number;
  /** Compiled TypeScript and installed npm packages (default ~/.cache/tp-npx). */
  readonly cacheDir?: string;
  readonly limits?: NpxLimits;
  /** A child serves this many calls, then is replaced (default 1000). */
  readonly maxCallsPerChild?: number;
  /** A child idle this long is stopped (default 60,000 ms). */
  readonly idleMs?: number;
  /** How long a cancelled call may take to stop before its child is killed (default 100 ms). */
  readonly killGraceMs?: number;
  /**
   * `process` level on a machine without network namespaces: run tools with the host's network
   * anyway (default false: such tools are refused at load, and the runtime says so at start).
   */
  readonly allowHostNetwork?: boolean;
  /** Where start-up warnings go (default process.emitWarning). */
  readonly onWarning?: (message: string) => void;
}

export interface NpxRuntime extends ToolRuntimeV1<PreparedTool> {
  readonly sandbox: SandboxLevel;
  /** Starts a spare child (or thread) for each tool now and imports the tool: its first call is warm. */
  warmup(tools: readonly ToolDefinition[]): Promise<void>;
  /** Installs the packages of the npm tools among `tools` into this runtime's cacheDir. */
  install(tools: readonly ToolDefinition[]): Promise<InstalledPackage[]>;
  /** Process ids of the live children (process level; empty otherwise). */
  workerPids(): number[];
}

const levels: readonly SandboxLevel[] = ['process', 'thread', 'none'];

/** The `npx` runtime: tools that are exports of JS/TS files or npm packages. */
export function createNpxRuntime(options: NpxRuntimeOptions = {}): NpxRuntime {
  const sandbox = options.sandbox ?? 'process';
  if (!levels.includes(sandbox)) {
    throw new ConfigurationError('sandbox', `must be one of ${levels.join(', ')}`);
  }
  const poolSize = positiveInteger(options.poolSize ?? 2, 'poolSize');
  const limits = resolveLimits(options.limits);
  const cacheDir = resolve(options.cacheDir ?? defaultCacheDir());
  const executor = createLevel(sandbox, options, poolSize);
  const prepared = new WeakMap<ToolDefinition, PreparedTool>();
  let disposed = false;

  const prepare = (definition: ToolDefinition): PreparedTool => {
    let tool = prepared.get(definition);
    if (!tool) {
      tool = prepareTool(definition, { limits, cacheDir });
      executor.check(tool);
      prepared.set(definition, tool);
    }
    return tool;
  };

  return {
    specificationVersion: 'v1',
    kind: NPX_RUNTIME,
    sandbox,
    capabilities: () => ({
      cancellation: true,
      progress: true,
      isolation: sandbox === 'none' ? 'none' : sandbox === 'thread' ? 'sandbox' : 'process',
      maxConcurrency: poolSize,
      enforces: npxEnforces(sandbox),
    }),
    load(definition): LoadedTool<PreparedTool> {
      if (disposed) throw unavailable('the npx runtime was disposed');
      const source = definition.source as Partial<NpxToolSource> | undefined;
      if (source?.kind !== 'file' && source?.kind !== 'npm') {
        throw new TpError({
          code: 'CONFIGURATION_ERROR',
          message: `[tp:runtime-npx] tool "${definition.name}" has no JS source (define it with defineJsTool or defineNpmTool)`,
        });
      }
      checkToolLimits(definition, limits);
      return { definition, handle: prepare(definition) };
    },
    async execute(tool, args, ctx) {
      if (disposed) throw unavailable('the npx runtime was disposed');
      if (ctx.signal.aborted) throw ctx.signal.reason;
      const remaining = ctx.deadline === undefined ? Infinity : ctx.deadline - Date.now();
      const timeMs = Math.max(1, Math.min(tool.handle.limits.timeMs, Math.ceil(remaining)));
      try {
        return await executor.run(tool.handle, args ?? {}, {
          callId: ctx.callId,
          signal: ctx.signal,
          timeMs,
          reportProgress: ctx.reportProgress,
        });
      } catch (error) {
        if (disposed && !ctx.signal.aborted) throw unavailable('the npx runtime was disposed');
        throw error;
      }
    },
    async dispose() {
      disposed = true;
      await executor.dispose();
    },
    health(): RuntimeHealth {
      if (disposed) return { status: 'down' };
      return { status: 'ready', details: { sandbox, ...executor.health() } };
    },
    // Discovery imports the files like this runtime runs them: in a child, or in-process for `none`.
    discover: (source) =>
      loadJsTools(source, {
        cacheDir,
        inProcess: sandbox === 'none',
        allowHostNetwork: options.allowHostNetwork === true,
      }),
    warmup: (tools) => executor.warmup(tools.map(prepare)),
    install: (tools) => installNpmTools(tools, { cacheDir }),
    workerPids: () => executor.pids(),
  };
}

function createLevel(
  sandbox: SandboxLevel,
  options: NpxRuntimeOptions,
  poolSize: number,
): LevelExecutor {
  if (sandbox === 'none') return createNoneLevel();
  if (sandbox === 'thread') {
    return createThreadLevel({ poolSize, idleMs: options.idleMs ?? 60_000 });
  }
  const support = detectSandbox();
  return createProcessLevel({
    poolSize,
    maxCallsPerChild: positiveInteger(options.maxCallsPerChild ?? 1000, 'maxCallsPerChild'),
    idleMs: positiveInteger(options.idleMs ?? 60_000, 'idleMs'),
    killGraceMs: nonNegative(options.killGraceMs ?? 100, 'killGraceMs'),
    support,
    allowHostNetwork: options.allowHostNetwork === true,
    onWarning: options.onWarning ?? ((message: string) => process.emitWarning(message)),
  });
}

function positiveInteger(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigurationError(field, `must be an integer >= 1 (got ${String(value)})`);
  }
  return value;
}

function nonNegative(value: number, field: string): number {
  if (!(typeof value === 'number' && value >= 0)) {
    throw new ConfigurationError(field, `must be a number >= 0 (got ${String(value)})`);
  }
  return value;
}
