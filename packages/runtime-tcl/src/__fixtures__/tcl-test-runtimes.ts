import {
  createProcessor,
  createRegistry,
  type ProcessorOptions,
  type ToolDefinition,
} from '@tp/core';
import { afterAll, afterEach, expect } from 'vitest';
import { createTclRuntime, type TclRuntimeOptions } from '../create-tcl-runtime.js';
import { defineTclTool } from '../define-tcl-tool.js';
import { processAlive } from './process-alive.js';

/** A Tcl tool named and described `name`. */
export const script = (
  name: string,
  body: string,
  extra: Partial<Parameters<typeof defineTclTool>[0]> = {},
) => defineTclTool({ name, description: name, script: body, ...extra });

/**
 * Registers the hooks of a test file that runs real tclsh pools: every runtime `setup` makes is
 * disposed after its test, and every worker pid it showed is checked dead after the file.
 */
export function useTclRuntimes() {
  const seenPids = new Set<number>();
  const open: { dispose(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((runtime) => runtime.dispose()));
  });
  afterAll(() => {
    expect(seenPids.size).toBeGreaterThan(0);
    expect([...seenPids].filter(processAlive)).toEqual([]);
  });

  /** A runtime (pool of 1 unless told) and a processor serving `tools`. */
  async function setup(
    tools: ToolDefinition[],
    options: TclRuntimeOptions = {},
    processorOptions: Partial<ProcessorOptions> = {},
  ) {
    const runtime = createTclRuntime({ poolSize: 1, ...options });
    open.push(runtime);
    const registry = createRegistry();
    registry.register(...tools);
    const processor = createProcessor({
      registry,
      runtimes: [runtime],
      timeoutMs: 60_000,
      ...processorOptions,
    });
    const notePids = () => {
      for (const pid of runtime.workerPids()) seenPids.add(pid);
    };
    const run = async (tool: string, args: Record<string, unknown> = {}) => {
      const [result] = await processor.execute([{ id: tool, tool, arguments: args }]);
      notePids();
      return result!;
    };
    return { runtime, processor, run, notePids };
  }

  return { setup };
}
