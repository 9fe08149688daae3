// Runs in the consumer project against the installed tarballs: the root README's quick start,
// and require() of the ESM packages where the running Node supports it.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createProcessor, createRegistry, defineTool } from '@tp/core';
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
const [result] = await createProcessor({ registry }).process(reply);
if (result.value !== 5) throw new Error(`quick start printed ${JSON.stringify(result)}`);

// A JS tool in a sandboxed child of the installed @tp/runtime-npx (its child/ scripts are packed).
const { createNpxRuntime, defineJsTool } = await import('@tp/runtime-npx');
const npx = createNpxRuntime({ poolSize: 1 });
const upper = defineJsTool({
  name: 'upper',
  file: fileURLToPath(new URL('./upper-tool.mjs', import.meta.url)),
});
const npxRegistry = createRegistry();
npxRegistry.register([upper], { runtime: npx });
const [upperResult] = await createProcessor({ registry: npxRegistry }).execute([
  { id: 'u', tool: 'upper', arguments: { text: 'ok' } },
]);
await npx.dispose();
if (upperResult.value !== 'OK')
  throw new Error(`npx runtime returned ${JSON.stringify(upperResult)}`);

const { createToolIndex } = await import('@tp/discovery');
const [hit] = createToolIndex(registry).search('sum two numbers');
if (hit?.name !== 'default.add') throw new Error(`search found ${JSON.stringify(hit?.name)}`);

for (const name of [
  '@tp/core',
  '@tp/guards',
  '@tp/mcp',
  '@tp/runtime-tcl',
  '@tp/redis',
  '@tp/discovery',
  '@tp/runtime-npx',
]) {
  await import(name);
  if (process.features.require_module) createRequire(import.meta.url)(name);
}
console.log('consumer ok');
