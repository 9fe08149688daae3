import { Piscina } from 'piscina';
import { heapExhausted, memoryExceeded, timedOut } from '../npx-errors.js';
import { allowedEnv } from '../npx-permissions.js';
import type { LevelExecutor, PreparedTool } from '../prepared-tool.js';
import { type CallReply, replyValue } from '../tool-call.js';
import { ProgressChannel } from './progress-channel.js';

const workerFile = new URL('../../child/npx-thread-worker.mjs', import.meta.url).href;

/**
 * The `thread` level, for trusted code: piscina worker threads with a heap ceiling
 * (`resourceLimits`), an env of the tool's allowed variables only, a deadline that terminates the
 * worker. No fs, network or process boundary: a worker shares the host process.
 */
export function createThreadLevel(options: { poolSize: number; idleMs: number }): LevelExecutor {
  const pools = new Map<string, Piscina>();
  const progress = new ProgressChannel();

  const poolOf = (tool: PreparedTool): Piscina => {
    const env = allowedEnv(tool.definition);
    const key = JSON.stringify({ memoryMb: tool.limits.memoryMb, env });
    let pool = pools.get(key);
    if (!pool) {
      pool = new Piscina({
        filename: workerFile,
        minThreads: 0,
        maxThreads: options.poolSize,
        idleTimeout: options.idleMs,
        resourceLimits: { maxOldGenerationSizeMb: tool.limits.memoryMb },
        env,
      });
      pools.set(key, pool);
    }
    return pool;
  };

  return {
    check(tool) {
      poolOf(tool);
    },
    async run(tool, args, ctx) {
      const name = tool.definition.name;
      const stop = new AbortController();
      const timer = setTimeout(() => stop.abort(timedOut(name, ctx.timeMs)), ctx.timeMs);
      const onAbort = () => stop.abort(ctx.signal.reason);
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      const progressAddress = progress.open(ctx.reportProgress);
      let reply: CallReply & { readonly progressSent?: number };
      try {
        reply = (await poolOf(tool).run(
          {
            callId: ctx.callId,
            module: tool.module,
            export: tool.export,
            args,
            outputBytes: tool.limits.outputBytes,
            progress: progressAddress,
            ...(tool.positional ? { positional: tool.positional } : {}),
          },
          { signal: stop.signal },
        )) as typeof reply;
        await progress.finish(progressAddress.key, reply.progressSent ?? 0);
      } catch (error) {
        if (stop.signal.aborted) throw stop.signal.reason;
        const message =
          error instanceof Error
            ? `${error.message} ${String((error as { code?: unknown }).code)}`
            : '';
        if (heapExhausted.test(message)) throw memoryExceeded(name, tool.limits.memoryMb, message);
        throw error;
      } finally {
        clearTimeout(timer);
        ctx.signal.removeEventListener('abort', onAbort);
        void progress.finish(progressAddress.key, 0);
      }
      return replyValue(reply, tool);
    },
    // Starts a worker per tool that imports it, so the first call is a warm one.
    async warmup(tools) {
      await Promise.all(
        tools.map((tool) =>
          poolOf(tool).run({ op: 'load', module: tool.module, outputBytes: 1024 }),
        ),
      );
    },
    async dispose() {
      const all = [...pools.values()];
      pools.clear();
      progress.close();
      await Promise.all(all.map((pool) => pool.destroy()));
    },
    health: () => ({ threadPools: pools.size, poolSize: options.poolSize }),
    pids: () => [],
  };
}
