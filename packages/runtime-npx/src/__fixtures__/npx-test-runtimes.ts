import { fileURLToPath } from 'node:url';
import {
  createProcessor,
  createRegistry,
  type ToolDefinition,
  type ToolPermissionsV1,
  type ToolResult,
} from '@tp/core';
import { afterEach } from 'vitest';
import {
  createNpxRuntime,
  type NpxRuntime,
  type NpxRuntimeOptions,
} from '../create-npx-runtime.js';
import { defineJsTool } from '../define-js-tool.js';

/** A tool that is an export of one of the fixture files in ./tools. */
export function fixtureTool(
  file: string,
  exported: string,
  permissions?: ToolPermissionsV1,
  name = exported,
): ToolDefinition {
  return defineJsTool({
    name,
    file: fileURLToPath(new URL(`./tools/${file}`, import.meta.url)),
    export: exported,
    ...(permissions ? { permissions } : {}),
  });
}

/** Runtimes made in a test, disposed after it; `run` calls a tool through a processor. */
export function useNpxRuntimes() {
  const runtimes: NpxRuntime[] = [];
  afterEach(async () => {
    await Promise.all(runtimes.splice(0).map((runtime) => runtime.dispose()));
  });
  return {
    setup(tools: readonly ToolDefinition[], options: NpxRuntimeOptions = {}) {
      const runtime = createNpxRuntime({ poolSize: 2, ...options });
      runtimes.push(runtime);
      const registry = createRegistry();
      registry.register(tools, { runtime });
      const processor = createProcessor({ registry, timeoutMs: 30_000 });
      const run = async (tool: string, args: Record<string, unknown> = {}): Promise<ToolResult> => {
        const [result] = await processor.execute([{ id: tool, tool, arguments: args }]);
        return result as ToolResult;
      };
      return { runtime, run, processor };
    },
  };
}
