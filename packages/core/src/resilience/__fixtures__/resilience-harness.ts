import type { JsonSchema } from '../../contracts/json-schema.js';
import type { ToolExecutionContext } from '../../contracts/runtime/v1/tool-runtime-v1.js';
import type { ToolDefinition } from '../../contracts/tool-definition.js';
import { defineTool, type ToolMetadataOptions } from '../../define-tool.js';
import type { ProcessOptions, ProcessorOptions } from '../../processor/create-processor.js';
import { createProcessor } from '../../processor/create-processor.js';
import { createRegistry } from '../../registry/registry.js';

/** A processor over `tools` with `options`, and a one-call runner. */
export function harness(options: Omit<ProcessorOptions, 'registry'>, ...tools: ToolDefinition[]) {
  const registry = createRegistry();
  registry.register(...tools);
  const processor = createProcessor({ registry, ...options });
  let counter = 0;
  const run = async (
    tool: string,
    args: Record<string, unknown> = {},
    processOptions?: ProcessOptions,
  ) => {
    const [result] = await processor.execute(
      [{ id: `call-${++counter}`, tool, arguments: args }],
      processOptions,
    );
    return result!;
  };
  return { processor, registry, run };
}

/** Resolves after `ms`, or rejects with the signal's reason when cancelled first. */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

/**
 * A tool whose behaviour is `behave(n, args, ctx)` for its n-th invocation (1-based); it counts
 * invocations and the most that ran at once.
 */
export function countingTool(
  name: string,
  behave: (invocation: number, args: Record<string, unknown>, ctx: ToolExecutionContext) => unknown,
  metadata: Partial<ToolMetadataOptions> & { inputSchema?: JsonSchema } = {},
) {
  const stats = { invocations: 0, running: 0, maxRunning: 0 };
  const tool = defineTool({
    name,
    description: name,
    inputSchema: { type: 'object' },
    ...metadata,
    async execute(args, ctx) {
      const n = ++stats.invocations;
      stats.running++;
      stats.maxRunning = Math.max(stats.maxRunning, stats.running);
      try {
        return await behave(n, args, ctx);
      } finally {
        stats.running--;
      }
    },
  });
  return { tool, stats };
}
