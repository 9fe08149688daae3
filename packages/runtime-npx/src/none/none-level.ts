import { childProgress } from '../child-progress.js';
import type { LevelExecutor } from '../prepared-tool.js';
import { hostToolModule, replyValue } from '../tool-call.js';

/**
 * The `none` level: the tool runs in the host process, for code the operator wrote. Nothing is
 * enforced (a loop blocks the host, the tool sees the host's env and files); the processor's
 * timeout abandons a call and ctx.signal asks the tool to stop.
 */
export function createNoneLevel(): LevelExecutor {
  return {
    check() {},
    async run(tool, args, ctx) {
      const { callTool, progressReporter } = await hostToolModule();
      const reply = await callTool(
        {
          callId: ctx.callId,
          module: tool.module,
          export: tool.export,
          args,
          outputBytes: Number.MAX_SAFE_INTEGER,
          ...(tool.positional ? { positional: tool.positional } : {}),
        },
        {
          callId: ctx.callId,
          signal: ctx.signal,
          reportProgress: progressReporter((update) => {
            const clean = childProgress(update);
            if (clean) ctx.reportProgress(clean);
          }),
        },
      );
      return replyValue(reply, tool);
    },
    async warmup() {},
    async dispose() {},
    health: () => ({}),
    pids: () => [],
  };
}
