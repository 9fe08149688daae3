// Runs in the consumer project against the installed tarballs: the root README's quick start,
// and require() of the ESM packages where the running Node supports it.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
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
  '@tp/runtime-wasm',
  '@tp/otel',
]) {
  await import(name);
  if (process.features.require_module) createRequire(import.meta.url)(name);
}
// The WebAssembly runtime's worker threads load a file of the installed package: one real call.
const { createWasmRuntime, defineWasmTool } = await import('@tp/runtime-wasm');
const { componentEmbed, componentNew, parse } = await import(
  '@bytecodealliance/jco-transpile/wasm-tools'
);
const component = await componentNew(
  await componentEmbed({
    binary: await parse(
      '(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))',
    ),
    witSource: 'package consumer:add; world adder { export add: func(a: s32, b: s32) -> s32; }',
    world: 'adder',
  }),
);
const wasm = createWasmRuntime({ mode: 'isolated', poolSize: 1 });
const wasmRegistry = createRegistry();
wasmRegistry.register([await defineWasmTool({ name: 'add', component })], { runtime: wasm });
const [sum] = await createProcessor({ registry: wasmRegistry }).execute([
  { id: '1', tool: 'add', arguments: { a: 2, b: 3 } },
]);
await wasm.dispose();
if (sum.value !== 5) throw new Error(`the wasm tool answered ${JSON.stringify(sum)}`);
console.log('consumer ok');
