import {
  createProcessor,
  createRegistry,
  type ProcessorOptions,
  type ToolDefinition,
} from '@tp/core';
import { afterEach } from 'vitest';
import { createWasmRuntime, type WasmRuntimeOptions } from '../create-wasm-runtime.js';
import { TEST_CACHE_DIR } from './wasm-tools.js';

/**
 * Registers the hook of a test file that runs real runtimes: every runtime `setup` makes is
 * disposed after its test.
 */
export function useWasmRuntimes() {
  const open: { dispose(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((runtime) => runtime.dispose()));
  });

  /** A runtime (isolated, pool of 1 unless told) and a processor serving `tools`. */
  function setup(
    tools: ToolDefinition[],
    options: WasmRuntimeOptions = {},
    processorOptions: Partial<ProcessorOptions> = {},
  ) {
    const runtime = createWasmRuntime({ poolSize: 1, cacheDir: TEST_CACHE_DIR, ...options });
    open.push(runtime);
    const registry = createRegistry();
    registry.register(tools, { runtime });
    const processor = createProcessor({ registry, timeoutMs: 60_000, ...processorOptions });
    const run = async (tool: string, args: Record<string, unknown> = {}) => {
      const [result] = await processor.execute([{ id: tool, tool, arguments: args }]);
      return result!;
    };
    return { runtime, processor, run };
  }

  return { setup };
}
