import { runRuntimeConformance } from '@tp/core/testing';
import { conformanceTools, TEST_CACHE_DIR } from './__fixtures__/wasm-tools.js';
import { createWasmRuntime } from './create-wasm-runtime.js';

// The isolated mode only: a trusted call runs on the host thread, so it can neither time out nor
// be cancelled while it runs (capabilities().cancellation is false there).
runRuntimeConformance({
  name: 'wasm (isolated)',
  createRuntime: () =>
    createWasmRuntime({ mode: 'isolated', poolSize: 2, cacheDir: TEST_CACHE_DIR }),
  fixtures: await conformanceTools(),
});
