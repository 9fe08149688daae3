// Public API of @tp/runtime-wasm.

export {
  createWasmRuntime,
  type WasmHandle,
  type WasmRuntime,
  type WasmRuntimeOptions,
} from './create-wasm-runtime.js';
export {
  type DefineWasmToolOptions,
  defineWasmTool,
  WASM_RUNTIME,
  type WasiGrants,
  type WasmToolSource,
} from './define-wasm-tool.js';
export { type LoadWasmToolsOptions, loadWasmTools } from './load-wasm-tools.js';
export { DEFAULT_WASM_LIMITS, type WasmLimits } from './wasm-limits.js';
export type { WasmMode } from './wasm-permissions.js';

export const VERSION = '0.1.0';
