// Type-checked against the packed tarballs under every supported moduleResolution: each public
// entry point resolves and its key types are precise.
import { createProcessor, createRegistry, defineTool, type ToolResult } from '@tp/core';
import {
  createDynamicToolProvider,
  createToolIndex,
  createToolWatcher,
  type ToolSearchResult,
} from '@tp/discovery';
import { presets, sensitiveDataGuard } from '@tp/guards';
import { createStreamManager, loadMcpConfig } from '@tp/mcp';
import { type Instrumentation, instrumentProcessor } from '@tp/otel';
import { createRedisStores, type RedisStores } from '@tp/redis';
import { createNpxRuntime, defineJsTool, defineNpmTool, loadJsTools } from '@tp/runtime-npx';
import { createTclRuntime, defineTclTool } from '@tp/runtime-tcl';
import { createWasmRuntime, defineWasmTool, loadWasmTools } from '@tp/runtime-wasm';

const registry = createRegistry();
registry.register(
  defineTool({
    name: 'add',
    description: 'Adds two numbers',
    inputSchema: { type: 'object', properties: { a: { type: 'number' } } },
    execute: () => 1,
  }),
);
export const processor = createProcessor({
  registry,
  guards: [...presets.strict(), sensitiveDataGuard({ mode: 'redact' })],
});
export const describeResult = (result: ToolResult): unknown =>
  result.ok ? result.value : result.error.code;
export const hits: ToolSearchResult[] = createToolIndex(registry).search('add numbers', {
  limit: 3,
});
export const surfaces = [
  createStreamManager,
  loadMcpConfig,
  createTclRuntime,
  defineTclTool,
  createDynamicToolProvider,
  createToolWatcher,
  createNpxRuntime,
  defineJsTool,
  defineNpmTool,
  loadJsTools,
  createWasmRuntime,
  defineWasmTool,
  loadWasmTools,
];
// A Redis store set is a processor's `stores` as it is.
export const sharedProcessor = (stores: RedisStores) => createProcessor({ registry, stores });
export const redisSurface = createRedisStores;
export const instrumentation: Instrumentation = instrumentProcessor(processor, {
  toolLabels: { maxTools: 10 },
});
export const metricsText: Promise<string> = instrumentation.registry.metrics();
