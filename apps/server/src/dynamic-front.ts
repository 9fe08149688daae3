import { createProcessor, createRegistry, type Processor } from '@tp/core';
import { createDynamicToolProvider } from '@tp/discovery';

export interface DynamicFront {
  /** What MCP clients are served: the meta-tools and the pinned tools. */
  readonly processor: Processor;
  close(): Promise<void>;
}

/**
 * `--dynamic`: clients see search_tools, get_tool_schema and call_tool (plus pinned tools);
 * call_tool runs every other tool through the server's own processor.
 */
export function createDynamicFront(processor: Processor, pinned: readonly string[]): DynamicFront {
  const registry = createRegistry();
  const provider = createDynamicToolProvider({ registry, processor, pinned });
  const front = createProcessor({ registry });
  return {
    processor: front,
    async close() {
      await front.close();
      provider.close();
    },
  };
}
