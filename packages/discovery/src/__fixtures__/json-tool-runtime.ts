import { createInProcessRuntime, defineTool, type ToolRuntimeV1, TpError } from '@tp/core';

/**
 * A runtime for watcher tests: each `.json` file (`{ "name", "description", "reply" }`, or a list
 * of them) is tools answering `reply`; a file that is not such JSON fails with CONFIGURATION_ERROR.
 */
export function createJsonToolRuntime(): ToolRuntimeV1 & { discoverCalls: string[] } {
  const base = createInProcessRuntime();
  const discoverCalls: string[] = [];
  return {
    ...base,
    capabilities: () => ({ ...base.capabilities(), discovery: { extensions: ['.json'] } }),
    discoverCalls,
    async discover(file, options) {
      discoverCalls.push(file);
      let specs: { name: string; description: string; reply: unknown; version?: string }[];
      try {
        const parsed = JSON.parse(options?.text ?? '');
        specs = Array.isArray(parsed) ? parsed : [parsed];
      } catch (error) {
        throw new TpError({
          code: 'CONFIGURATION_ERROR',
          message: `${file}: ${(error as Error).message}`,
        });
      }
      return specs.map((spec) =>
        defineTool({
          name: spec.name,
          description: spec.description,
          ...(spec.version ? { version: spec.version } : {}),
          inputSchema: { type: 'object', properties: {} },
          execute: () => spec.reply,
        }),
      );
    },
  };
}
