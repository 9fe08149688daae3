import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createExecutionContext } from '../context/execution-context.js';
import type { GuardVerdict } from '../contracts/guard/v1/guard-v1.js';
import type { ToolCall } from '../contracts/tool-call.js';
import { defineTool } from '../define-tool.js';
import { createEventBus } from '../events/event-bus.js';
import { createGuardStage } from './guard-stage.js';

const tool = defineTool({
  name: 'echo',
  description: 'returns its text',
  inputSchema: z.object({ text: z.string() }),
  execute: (args) => args.text,
});
const calls: ToolCall[] = [{ id: '1', tool: 'echo', arguments: { text: 'a' } }];

describe('guard stage plan decisions', () => {
  it('a clean plan replaces an earlier decision for the same context (none is kept)', async () => {
    const verdicts: GuardVerdict[] = [
      { verdict: 'block', reason: 'first plan refused' },
      { verdict: 'allow' },
    ];
    const stage = createGuardStage(
      [{ specificationVersion: 'v1', name: 'once', plan: () => verdicts.shift()! }],
      createEventBus(),
    );
    const context = createExecutionContext();
    const first = await stage.plan(calls, context, () => tool, false);
    expect(first.blockAll?.code).toBe('GUARD_BLOCKED');
    expect(stage.planBlock(context, '1')?.code).toBe('GUARD_BLOCKED');
    const second = await stage.plan(calls, context, () => tool, false);
    expect(second.blockAll).toBeUndefined();
    expect(stage.planBlock(context, '1')).toBeUndefined();
  });

  it('keeps a decision that only warns, for the calls of the request', async () => {
    const stage = createGuardStage(
      [
        {
          specificationVersion: 'v1',
          name: 'warns',
          plan: () => ({ verdict: 'warn', reason: 'big plan' }),
        },
      ],
      createEventBus(),
    );
    const context = createExecutionContext();
    const decision = await stage.plan(calls, context, () => tool, false);
    expect(decision.warnings).toMatchObject([{ message: 'big plan' }]);
    expect(stage.planBlock(context, '1')).toBeUndefined();
  });
});
