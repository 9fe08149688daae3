// Type-checked against the packed tarballs under every supported moduleResolution: each public
// entry point resolves and its key types are precise.
import { createProcessor, createRegistry, defineTool, type ToolResult } from '@tp/core';
import { presets, sensitiveDataGuard } from '@tp/guards';
import { createStreamManager, loadMcpConfig } from '@tp/mcp';
import { type Instrumentation, instrumentProcessor } from '@tp/otel';
import { createTclRuntime, defineTclTool } from '@tp/runtime-tcl';

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
export const surfaces = [createStreamManager, loadMcpConfig, createTclRuntime, defineTclTool];
export const instrumentation: Instrumentation = instrumentProcessor(processor, {
  toolLabels: { maxTools: 10 },
});
export const metricsText: Promise<string> = instrumentation.registry.metrics();
