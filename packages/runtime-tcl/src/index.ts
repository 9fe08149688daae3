// Public API of @tp/runtime-tcl.

export {
  createTclRuntime,
  type TclHostCommand,
  type TclRuntime,
  type TclRuntimeOptions,
} from './create-tcl-runtime.js';
export {
  type DefineTclToolOptions,
  defineTclTool,
  TCL_RUNTIME,
  type TclResultMode,
  type TclToolSource,
} from './define-tcl-tool.js';
export { createToolCallCommand } from './host/tool-call-command.js';
export { loadTclToolStore } from './loading/load-tcl-tool-store.js';
export { loadTclFile, loadTclTools } from './loading/load-tcl-tools.js';
export { parseTclHeader, type TclHeader } from './loading/parse-tcl-header.js';
export {
  formatTclMcpPath,
  parseTclMcpPath,
  type TclMcpMetadata,
  type TclMcpPath,
} from './loading/tcl-mcp-path.js';
export type { StoredTclTool, StoredToolPath } from './loading/tool-store-format.js';
export {
  createTclManagementTools,
  type TclManagementOptions,
} from './management/create-tcl-management-tools.js';
export { TOOL_RESOURCE_EXHAUSTED } from './map-tcl-reply.js';
export { DEFAULT_TCL_LIMITS, type TclLimits } from './tcl-limits.js';
export type { TclParameter } from './tcl-parameters.js';

export const VERSION = '0.1.0';
