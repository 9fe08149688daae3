import { defineWasmTool, type WasiGrants } from '../define-wasm-tool.js';
import { buildFixture, type Fixture } from './build-component.js';

/** The cache folder of the tests' transpiled fixtures (shared by the files, one per content hash). */
export const TEST_CACHE_DIR = new URL('../../node_modules/.cache/tp-wasm-test', import.meta.url)
  .pathname;

/** A tool made from the fixture `name`, built from its WAT at test time. */
export async function fixtureTool(
  name: Fixture,
  extra: Partial<Parameters<typeof defineWasmTool>[0]> & { grants?: WasiGrants } = {},
) {
  return defineWasmTool({
    name,
    component: await buildFixture(name),
    cacheDir: TEST_CACHE_DIR,
    ...extra,
  });
}

/** The conformance suite's echo / fail / slow tools, written in WAT. */
export async function conformanceTools() {
  const [echo, fail, slow] = await Promise.all([
    fixtureTool('echo', { namespace: 'conformance' }),
    fixtureTool('fail', { namespace: 'conformance' }),
    fixtureTool('slow', { namespace: 'conformance', grants: { clocks: true } }),
  ]);
  return { echo, fail, slow };
}
