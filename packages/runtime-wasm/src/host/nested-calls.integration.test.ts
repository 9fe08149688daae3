import { createProcessor, createRegistry, defineTool, type Processor } from '@tp/core';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureTool, TEST_CACHE_DIR } from '../__fixtures__/wasm-tools.js';
import { createWasmRuntime, type WasmRuntimeOptions } from '../create-wasm-runtime.js';

// A real guest calls back into the host through `call-tool` (isolated mode: the worker thread
// sleeps until the host answers); the call goes through the processor with the caller's context.
const greet = defineTool({
  name: 'greet',
  description: 'Greets name, saying which request it ran in',
  inputSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
  execute: ({ name }, ctx) => `hello ${name} (${ctx.context.requestId})`,
});

const open: { dispose(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((runtime) => runtime.dispose()));
});

async function setup(options: WasmRuntimeOptions & { attach?: boolean } = {}) {
  let processor: Processor | undefined;
  const { attach = true, ...runtimeOptions } = options;
  const runtime = createWasmRuntime({
    cacheDir: TEST_CACHE_DIR,
    ...(attach ? { processor: () => processor } : {}),
    ...runtimeOptions,
  });
  open.push(runtime);
  const registry = createRegistry();
  registry.register(greet);
  registry.register([await fixtureTool('calls')], { runtime });
  processor = createProcessor({ registry });
  const run = async (args: Record<string, unknown>) => {
    const [result] = await (processor as Processor).execute(
      [{ id: 'outer', tool: 'calls', arguments: args }],
      { context: { requestId: 'req-42' } },
    );
    return result!;
  };
  return run;
}

describe('call-tool', () => {
  it('runs the named tool through the processor with the caller context', async () => {
    const run = await setup();
    expect(await run({ tool: 'greet', name: 'wasm' })).toMatchObject({
      ok: true,
      value: 'hello wasm (req-42)',
    });
  });

  it('answers err with the code when the processor refuses the call', async () => {
    const run = await setup();
    const missing = await run({ tool: 'nope' });
    expect(missing.error?.code).toBe('TOOL_EXECUTION_FAILED');
    expect(missing.error?.message).toMatch(/^TOOL_NOT_FOUND: /);
    const invalid = await run({ tool: 'greet', name: 5 });
    expect(invalid.error?.message).toMatch(/^TOOL_VALIDATION_ERROR: /);
  });

  it('answers err without an attached processor, and in trusted mode', async () => {
    const detached = await setup({ attach: false });
    expect((await detached({ tool: 'greet', name: 'x' })).error?.message).toContain(
      'no processor is attached',
    );
    const trusted = await setup({ mode: 'trusted' });
    expect((await trusted({ tool: 'greet', name: 'x' })).error?.message).toContain(
      'not available in trusted mode',
    );
  });
});
