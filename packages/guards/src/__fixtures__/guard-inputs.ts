import {
  createExecutionContext,
  defineTool,
  type ExecutionContext,
  type ExecutionContextInit,
  type GuardCallInput,
  type GuardCallResult,
  type GuardPlanInput,
  type GuardPostInput,
  type ToolCall,
  type ToolDefinition,
  type ToolMetadataOptions,
} from '@tp/core';
import { z } from 'zod';

/** A tool definition for guard tests (its function is never run). */
export function testTool(
  name = 'tool',
  metadata: Partial<ToolMetadataOptions> = {},
  inputSchema: z.ZodType = z.object({}).passthrough(),
): ToolDefinition {
  return defineTool({
    description: `${name} for tests`,
    ...metadata,
    name,
    inputSchema,
    execute: () => null,
  });
}

export function testContext(init: ExecutionContextInit = {}): ExecutionContext {
  return createExecutionContext(init);
}

let ids = 0;

export function callInput(
  tool: ToolDefinition,
  args: Record<string, unknown> = {},
  context: ExecutionContext = testContext(),
  extra: { dryRun?: boolean; call?: Partial<ToolCall> } = {},
): GuardCallInput {
  const call: ToolCall = { id: `c${++ids}`, tool: tool.name, arguments: args, ...extra.call };
  return { call, tool, args, context, dryRun: extra.dryRun ?? false };
}

export function postInput(input: GuardCallInput, result: GuardCallResult): GuardPostInput {
  return { ...input, result };
}

export function planInput(
  entries: Array<{ tool?: ToolDefinition; call: Partial<ToolCall> & { id: string } }>,
  context: ExecutionContext = testContext(),
  dryRun = false,
): GuardPlanInput {
  return {
    calls: entries.map(({ tool, call }) => {
      const full: ToolCall = { tool: tool?.name ?? 'missing', arguments: {}, ...call };
      return tool ? { call: full, tool } : { call: full };
    }),
    context,
    dryRun,
  };
}
