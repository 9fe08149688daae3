import { readdir } from 'node:fs/promises';
import {
  ConfigurationError,
  type LoadedTool,
  type Processor,
  type RuntimeHealth,
  type ToolDefinition,
  type ToolRuntimeV1,
  TpError,
} from '@tp/core';
import { MemoryCapError } from './compile/cap-memory.js';
import { coreModules } from './compile/load-component-code.js';
import { DEFAULT_CACHE_DIR, transpileCached } from './compile/transpile-cache.js';
import { messageOf, WASM_RUNTIME, type WasmToolSource } from './define-wasm-tool.js';
import { toolCallHandler } from './host/tool-call.js';
import type { Invocation, ToolTarget } from './invoke/invocation.js';
import { invoke } from './invoke/invoke.js';
import { WarmInstances } from './invoke/warm-instances.js';
import { loadWasmTools } from './load-wasm-tools.js';
import { outcomeValue } from './map-outcome.js';
import { PAGES_PER_MIB, resolveLimits, type WasmLimits } from './wasm-limits.js';
import {
  callLimits,
  checkPreopens,
  checkToolLimits,
  grantsOf,
  type WasmMode,
  wasmEnforces,
} from './wasm-permissions.js';
import { runIsolated } from './worker/run-isolated.js';
import { disposedError, WorkerPool } from './worker/worker-pool.js';

export interface WasmRuntimeOptions {
  /**
   * `isolated` (default): each call runs in a pooled worker thread, terminated when it overruns
   * its time. `trusted`: on the host thread, for components the operator vouches for — faster, but
   * a call cannot be stopped; imports are still denied by default.
   */
  readonly mode?: WasmMode;
  /** Worker threads of the isolated mode (default 2). */
  readonly poolSize?: number;
  /**
   * Calls after which a worker thread is replaced by a fresh one (isolated mode; default 10,000),
   * so that what a long run leaves in a thread (warm instances, compiled modules) is bounded.
   */
  readonly recycleAfterCalls?: number;
  /**
   * Where transpiled components are kept, one folder per content hash (default
   * `$XDG_CACHE_HOME/tp-wasm` or `~/.cache/tp-wasm`). Only you may write to it: the cached glue is
   * JavaScript the host imports.
   */
  readonly cacheDir?: string;
  readonly limits?: WasmLimits;
  /**
   * The processor a guest's `call-tool` runs through (isolated mode), given as a getter because
   * it is created after the runtime. Without it `call-tool` answers err.
   */
  readonly processor?: () => Processor | undefined;
  /** How deep `call-tool`s may nest (default 4). */
  readonly maxCallDepth?: number;
}

export interface WasmRuntime extends ToolRuntimeV1<WasmHandle> {
  /** Starts every worker thread now (isolated mode); they otherwise start on first use. */
  warmup(): void;
  /** Worker threads started so far, replacements included (isolated mode; 0 when trusted). */
  threadsStarted(): number;
}

/** A loaded WebAssembly tool: where its transpiled component is. */
export interface WasmHandle {
  readonly dir: string;
}

const modes: readonly WasmMode[] = ['isolated', 'trusted'];

/** The `wasm` runtime: WebAssembly components transpiled by jco, every import supplied by the host. */
export function createWasmRuntime(options: WasmRuntimeOptions = {}): WasmRuntime {
  const mode = options.mode ?? 'isolated';
  if (!modes.includes(mode)) {
    throw new ConfigurationError(
      'mode',
      `must be one of ${modes.join(', ')} (got ${String(mode)})`,
    );
  }
  const poolSize = options.poolSize ?? 2;
  if (!Number.isInteger(poolSize) || poolSize < 1) {
    throw new ConfigurationError('poolSize', `must be an integer >= 1 (got ${String(poolSize)})`);
  }
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  if (typeof cacheDir !== 'string' || cacheDir === '') {
    throw new ConfigurationError('cacheDir', 'must be a folder path');
  }
  const limits = resolveLimits(options.limits);
  const maxCallDepth = options.maxCallDepth ?? 4;
  if (!Number.isInteger(maxCallDepth) || maxCallDepth < 0) {
    throw new ConfigurationError(
      'maxCallDepth',
      `must be an integer >= 0 (got ${String(maxCallDepth)})`,
    );
  }
  if (options.processor !== undefined && typeof options.processor !== 'function') {
    throw new ConfigurationError('processor', 'must be a function returning the processor');
  }
  const recycleAfterCalls = options.recycleAfterCalls ?? 10_000;
  if (!Number.isInteger(recycleAfterCalls) || recycleAfterCalls < 1) {
    throw new ConfigurationError(
      'recycleAfterCalls',
      `must be an integer >= 1 (got ${String(recycleAfterCalls)})`,
    );
  }
  const pool = mode === 'isolated' ? new WorkerPool(poolSize, recycleAfterCalls) : undefined;
  const instances = mode === 'trusted' ? new WarmInstances() : undefined;
  /** The compiled core modules of each loaded (component, memory cap). */
  const compiled = new Map<string, Record<string, WebAssembly.Module>>();
  let disposed = false;

  return {
    specificationVersion: 'v1',
    kind: WASM_RUNTIME,
    capabilities: () => ({
      cancellation: mode === 'isolated',
      progress: false,
      isolation: 'sandbox',
      ...(mode === 'isolated' ? { maxConcurrency: poolSize } : {}),
      enforces: wasmEnforces(mode),
    }),
    async load(definition: ToolDefinition): Promise<LoadedTool<WasmHandle>> {
      if (disposed) throw disposedError();
      const source = definition.source as Partial<WasmToolSource> | undefined;
      if (!(source?.bytes instanceof Uint8Array) || source.abi === undefined) {
        throw new TpError({
          code: 'CONFIGURATION_ERROR',
          message: `[tp:runtime-wasm] tool "${definition.name}" has no WebAssembly component (define it with defineWasmTool)`,
        });
      }
      checkToolLimits(definition, limits);
      checkPreopens(definition);
      const field = `tool "${definition.name}".component`;
      const transpiled = await transpileCached(source.bytes, cacheDir).catch((error: unknown) => {
        throw new ConfigurationError(field, `cannot be transpiled: ${messageOf(error)}`, error);
      });
      // Compiles the core modules now (kept in memory, and handed to each worker thread once): a
      // memory that cannot fit the cap is refused here.
      const maxPages = callLimits(definition, limits).memoryMb * PAGES_PER_MIB;
      const files = (await readdir(transpiled.dir)).filter((name) => name.endsWith('.wasm'));
      try {
        compiled.set(
          `${transpiled.dir}\0${maxPages}`,
          coreModules(transpiled.dir, files, maxPages),
        );
      } catch (error) {
        if (error instanceof MemoryCapError) {
          throw new ConfigurationError(
            `tool "${definition.name}".permissions.memoryMb`,
            `the component's ${error.message}`,
          );
        }
        throw new ConfigurationError(field, messageOf(error), error);
      }
      return { definition, handle: { dir: transpiled.dir } };
    },
    async execute(tool, args, ctx) {
      if (disposed) throw disposedError();
      if (ctx.signal.aborted) throw ctx.signal.reason;
      const definition = tool.definition as ToolDefinition<WasmToolSource>;
      const toolLimits = callLimits(definition, limits);
      const maxPages = toolLimits.memoryMb * PAGES_PER_MIB;
      const target: ToolTarget = { dir: tool.handle.dir, maxPages, abi: definition.source.abi };
      const invocation: Invocation = {
        target,
        grants: grantsOf(definition),
        outputBytes: toolLimits.outputBytes,
        args,
      };
      const remaining = ctx.deadline === undefined ? Infinity : ctx.deadline - Date.now();
      const timeMs = Math.max(1, Math.min(toolLimits.timeMs, Math.ceil(remaining)));
      const outcome = pool
        ? await runIsolated(
            pool,
            invocation,
            compiled.get(`${target.dir}\0${maxPages}`),
            timeMs,
            ctx,
            definition.name,
            toolCallHandler(options.processor, ctx, maxCallDepth),
          )
        : await invoke(instances as WarmInstances, invocation, {
            callTool: () => ({ tag: 'err', val: 'call-tool is not available in trusted mode' }),
          });
      if (disposed) throw disposedError();
      return outcomeValue(outcome, definition.name, maxPages);
    },
    async dispose() {
      disposed = true;
      await pool?.dispose();
    },
    health(): RuntimeHealth {
      if (disposed) return { status: 'down' };
      return {
        status: 'ready',
        details: { mode, ...(pool ? { threads: pool.threads, poolSize } : {}) },
      };
    },
    discover: (source) => loadWasmTools(source, { cacheDir }),
    warmup: () => pool?.warmup(),
    threadsStarted: () => pool?.started ?? 0,
  };
}
