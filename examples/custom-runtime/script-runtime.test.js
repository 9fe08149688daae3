// The same conformance suite every tp runtime passes, run against the example runtime.
import { createProcessor, createRegistry } from '@tp/core';
import { runRuntimeConformance } from '@tp/core/testing';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { createScriptRuntime, defineScriptTool } from './script-runtime.js';

runRuntimeConformance({
  name: 'script (examples/custom-runtime)',
  createRuntime: createScriptRuntime,
  fixtures: {
    echo: defineScriptTool({
      name: 'echo',
      description: 'returns its text',
      inputSchema: z.object({ text: z.string() }),
      code: 'return args.text;',
    }),
    fail: defineScriptTool({
      name: 'fail',
      description: 'always fails',
      inputSchema: z.object({ message: z.string() }),
      code: 'throw new Error(args.message);',
    }),
    slow: defineScriptTool({
      name: 'slow',
      description: 'waits, honouring cancellation',
      inputSchema: z.object({ ms: z.number() }),
      code: "await sleep(args.ms, signal); return 'done';",
    }),
  },
});

it('runs script tools beside in-process ones in one processor', async () => {
  const registry = createRegistry();
  registry.register(
    defineScriptTool({
      name: 'shout',
      description: 'upper-cases a text',
      inputSchema: z.object({ text: z.string() }),
      code: 'return args.text.toUpperCase() + "!";',
    }),
  );
  const processor = createProcessor({ registry, runtimes: [createScriptRuntime()] });
  const [result] = await processor.process(
    '<tool_call>{"name": "shout", "arguments": {"text": "hello"}}</tool_call>',
  );
  expect(result).toMatchObject({ ok: true, value: 'HELLO!', runtime: 'script' });
  await processor.close();
});
