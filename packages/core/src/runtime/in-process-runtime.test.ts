import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createExecutionContext } from '../context/execution-context.js';
import type { ToolExecutionContext } from '../contracts/runtime/v1/tool-runtime-v1.js';
import { createToolDefinition, defineTool } from '../define-tool.js';
import { runRuntimeConformance } from '../testing/run-runtime-conformance.js';
import { createInProcessRuntime } from './in-process-runtime.js';

runRuntimeConformance({
  name: 'in-process',
  createRuntime: createInProcessRuntime,
  fixtures: {
    echo: defineTool({
      name: 'echo',
      description: 'returns its text',
      inputSchema: z.object({ text: z.string() }),
      execute: ({ text }) => text,
    }),
    fail: defineTool({
      name: 'fail',
      description: 'always fails',
      inputSchema: z.object({ message: z.string() }),
      execute: ({ message }) => {
        throw new Error(message);
      },
    }),
    slow: defineTool({
      name: 'slow',
      description: 'waits, honouring cancellation',
      inputSchema: z.object({ ms: z.number() }),
      execute: ({ ms }, ctx) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => resolve('done'), ms);
          ctx.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(ctx.signal.reason);
          });
        }),
    }),
    progress: defineTool({
      name: 'progress',
      description: 'reports each step',
      inputSchema: z.object({ steps: z.number() }),
      execute: async ({ steps }, ctx) => {
        for (let step = 1; step <= steps; step++) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          ctx.reportProgress({ progress: step, total: steps });
        }
        return `${steps} steps`;
      },
    }),
  },
});

describe('createInProcessRuntime specifics', () => {
  const ctx = (signal = new AbortController().signal): ToolExecutionContext => ({
    callId: 'c1',
    signal,
    context: createExecutionContext(),
    attempt: 1,
    reportProgress: () => {},
  });

  it('refuses a definition without a function to run', () => {
    const runtime = createInProcessRuntime();
    const scripted = createToolDefinition({
      name: 'scripted',
      description: '',
      inputSchema: { type: 'object' },
      runtime: 'in-process',
      source: 'not a function',
    });
    expect(() => runtime.load(scripted)).toThrow(/no function to run in-process/);
  });

  it('passes arguments and ctx to the function and returns what it returns, sync or async', async () => {
    const runtime = createInProcessRuntime();
    const sync = defineTool({
      name: 'sync',
      description: '',
      inputSchema: { type: 'object' },
      execute: (args, context) => ({ args, callId: context.callId }),
    });
    const asyncTool = defineTool({
      name: 'async',
      description: '',
      inputSchema: { type: 'object' },
      execute: async () => undefined,
    });
    expect(await runtime.execute(runtime.load(sync) as never, { a: 1 }, ctx())).toEqual({
      args: { a: 1 },
      callId: 'c1',
    });
    expect(await runtime.execute(runtime.load(asyncTool) as never, {}, ctx())).toBeUndefined();
  });

  it('does not start a tool whose signal has already aborted', async () => {
    const runtime = createInProcessRuntime();
    const execute = vi.fn();
    const tool = defineTool({ name: 't', description: '', inputSchema: {}, execute });
    const reason = new Error('too late');
    await expect(
      runtime.execute(runtime.load(tool) as never, {}, ctx(AbortSignal.abort(reason))),
    ).rejects.toBe(reason);
    expect(execute).not.toHaveBeenCalled();
  });

  it('refuses load and execute once disposed', async () => {
    const runtime = createInProcessRuntime();
    const tool = defineTool({ name: 't', description: '', inputSchema: {}, execute: () => 1 });
    const loaded = runtime.load(tool);
    await runtime.dispose();
    expect(() => runtime.load(tool)).toThrow(/disposed/);
    await expect(runtime.execute(loaded as never, {}, ctx())).rejects.toMatchObject({
      code: 'RUNTIME_UNAVAILABLE',
    });
  });
});
