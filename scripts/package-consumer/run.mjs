// Runs in the consumer project against the installed tarballs: the root README's quick start,
// and require() of the ESM packages where the running Node supports it.
import { createRequire } from 'node:module';
import { createProcessor, createRegistry, defineTool } from '@tp/core';
import { instrumentProcessor } from '@tp/otel';
import { z } from 'zod';

const add = defineTool({
  name: 'add',
  description: 'Adds two numbers',
  inputSchema: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => a + b,
});
const registry = createRegistry();
registry.register(add);
const reply = 'Sure. <tool_call>{"name": "add", "arguments": {"a": 2, "b": 3}}</tool_call>';
const processor = createProcessor({ registry });
const { registry: metrics } = instrumentProcessor(processor);
const [result] = await processor.process(reply);
if (result.value !== 5) throw new Error(`quick start printed ${JSON.stringify(result)}`);
if (!(await metrics.metrics()).includes('tp_tool_calls_total{tool="add"')) {
  throw new Error('@tp/otel counted no call');
}

for (const name of ['@tp/core', '@tp/guards', '@tp/mcp', '@tp/runtime-tcl', '@tp/otel']) {
  await import(name);
  if (process.features.require_module) createRequire(import.meta.url)(name);
}
console.log('consumer ok');
