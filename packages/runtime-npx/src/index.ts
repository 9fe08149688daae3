// Public API of @tp/runtime-npx.

export {
  createNpxRuntime,
  type NpxRuntime,
  type NpxRuntimeOptions,
} from './create-npx-runtime.js';
export {
  type DefineJsToolOptions,
  defineJsTool,
  NPX_RUNTIME,
  type NpxToolSource,
} from './define-js-tool.js';
export { type LoadJsToolsOptions, loadJsTools } from './load-js-tools.js';
export { type DefineNpmToolOptions, defineNpmTool } from './npm/define-npm-tool.js';
export { type InstalledPackage, installNpmTools } from './npm/npm-cache.js';
export { DEFAULT_NPX_LIMITS, type NpxLimits } from './npx-limits.js';
export type { SandboxLevel } from './npx-permissions.js';

export const VERSION = '0.1.0';
