import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationError } from '@tp/core';
import {
  crashed,
  heapExhausted,
  memoryExceeded,
  outputExceeded,
  thrownError,
  timedOut,
} from '../npx-errors.js';
import { allowedEnv, fsGrants } from '../npx-permissions.js';
import type { CallContext, LevelExecutor, PreparedTool } from '../prepared-tool.js';
import { ChildPool, type ChildSpec } from './child-pool.js';
import { ChildExit, type ChildReply, type NodeChild, OutputExceeded } from './node-child.js';
import { childArgv, type SandboxSupport } from './sandbox-support.js';

const childDir = fileURLToPath(new URL('../../child/', import.meta.url));
const childScript = join(childDir, 'npx-child.mjs');

export interface ProcessLevelOptions {
  readonly poolSize: number;
  readonly maxCallsPerChild: number;
  readonly idleMs: number;
  readonly killGraceMs: number;
  readonly support: SandboxSupport;
  /** Run without a network namespace where the machine has none (the operator accepted it). */
  readonly allowHostNetwork: boolean;
  /** Told at start when the machine has no network namespace. */
  readonly onWarning: (message: string) => void;
}

/**
 * The `process` level: each tool in Node children of its own profile (file, grants, heap), under
 * the permission model, in a network and pid namespace, with an env allow-list.
 */
export function createProcessLevel(options: ProcessLevelOptions): LevelExecutor {
  if (!options.support.namespace) {
    options.onWarning(
      `[tp:runtime-npx] no network namespace on this machine (neither bwrap nor unshare works): tools cannot be denied the network; ${options.allowHostNetwork ? 'allowHostNetwork is set, so they run with the host network' : 'they are refused until createNpxRuntime({ allowHostNetwork: true })'}`,
    );
  }
  const pool = new ChildPool({
    size: options.poolSize,
    maxCallsPerChild: options.maxCallsPerChild,
    idleMs: options.idleMs,
  });
  const specs = new WeakMap<PreparedTool, ChildSpec>();

  const specOf = (tool: PreparedTool): ChildSpec => {
    let spec = specs.get(tool);
    if (spec) return spec;
    const { definition } = tool;
    const profile = {
      reads: [...tool.codeDirs, ...fsGrants(definition, 'read')],
      writes: fsGrants(definition, 'write'),
      memoryMb: tool.limits.memoryMb,
      // Accepted as weaker (the processor refuses these grants otherwise): given coarsely.
      hostNetwork: (definition.permissions?.net?.connect?.length ?? 0) > 0,
      spawn: definition.permissions?.spawn === true,
    };
    const env = allowedEnv(definition);
    const command = childArgv(options.support, profile, childScript, childDir);
    spec = { key: JSON.stringify({ module: tool.module, command, env }), command, env };
    specs.set(tool, spec);
    return spec;
  };

  const settleCall = (
    tool: PreparedTool,
    child: NodeChild,
    ctx: CallContext,
    request: Record<string, unknown>,
  ): Promise<ChildReply> =>
    new Promise<ChildReply>((resolve, reject) => {
      let settled = false;
      const name = tool.definition.name;
      const settle = (action: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        ctx.signal.removeEventListener('abort', onAbort);
        action();
      };
      const running = child.run(request, tool.limits.outputBytes, ctx.reportProgress);
      // A host-side deadline: the child is killed, whatever the tool is doing.
      const timer = setTimeout(
        () =>
          settle(() => {
            pool.discard(child);
            reject(timedOut(name, ctx.timeMs));
          }),
        ctx.timeMs,
      );
      // Cancellation aborts the tool's ctx.signal in the child; one that does not stop is killed.
      const onAbort = () =>
        settle(() => {
          child.cancel();
          const grace = setTimeout(() => pool.discard(child), options.killGraceMs);
          running.then(
            () => {
              clearTimeout(grace);
              pool.release(child);
            },
            () => clearTimeout(grace),
          );
          reject(ctx.signal.reason);
        });
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      running.then(
        (reply) =>
          settle(() => {
            pool.release(child);
            resolve(reply);
          }),
        (error: unknown) =>
          settle(() => {
            pool.discard(child);
            reject(callError(error, tool));
          }),
      );
    });

  return {
    check(tool) {
      specOf(tool);
      const wantsNetwork = (tool.definition.permissions?.net?.connect?.length ?? 0) > 0;
      if (!options.support.namespace && !wantsNetwork && !options.allowHostNetwork) {
        throw new ConfigurationError(
          'allowHostNetwork',
          `tool "${tool.definition.name}" needs its network denied, and this machine has no network namespace (neither bwrap nor unshare works); install bubblewrap or util-linux, enable user namespaces, or accept the host network with createNpxRuntime({ allowHostNetwork: true })`,
        );
      }
    },
    async run(tool, args, ctx) {
      const child = await pool.acquire(specOf(tool), ctx.signal);
      const reply = await settleCall(tool, child, ctx, {
        op: 'call',
        callId: ctx.callId,
        module: tool.module,
        export: tool.export,
        args,
        ...(tool.positional ? { positional: tool.positional } : {}),
      });
      if (reply.ok) return reply.value;
      if ('limit' in reply)
        throw outputExceeded(tool.definition.name, tool.limits.outputBytes, reply.bytes);
      throw thrownError(reply.error, tool.definition.name);
    },
    async warmup(tools) {
      // The spare imports the tool too, so the first call is a warm one.
      await Promise.all(
        tools.map((tool) => pool.warmup(specOf(tool), 1, { op: 'load', module: tool.module })),
      );
    },
    dispose: () => pool.dispose(),
    health: () => ({
      children: pool.pids.length,
      poolSize: options.poolSize,
      networkNamespace: options.support.namespace?.kind ?? 'none',
    }),
    pids: () => pool.pids,
  };
}

function callError(error: unknown, tool: PreparedTool): unknown {
  const name = tool.definition.name;
  if (error instanceof OutputExceeded) return outputExceeded(name, error.limit);
  if (error instanceof ChildExit) {
    if (heapExhausted.test(error.stderr)) {
      return memoryExceeded(name, tool.limits.memoryMb, error.stderr);
    }
    return crashed(name, { code: error.exitCode, signal: error.signal }, error.stderr, error);
  }
  return error;
}
