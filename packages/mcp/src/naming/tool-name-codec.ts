import { ConfigurationError, type ToolDefinition, type ToolRegistry } from '@tp/core';
import { tclMcpNameCodec } from './tcl-mcp-naming.js';

/** How registry tools are named for MCP clients, and how a called name finds its tool again. */
export interface ToolNameCodec {
  encode(tool: ToolDefinition): string;
  /** Undefined when the name cannot be one of ours. */
  decode(
    name: string,
  ): { readonly tool: string; readonly namespace?: string; readonly version?: string } | undefined;
}

/** Built-in schemes: `qualified` (`namespace.name`) or `tcl-mcp` (`bin__tcl_execute`, `user__alice__utils__reverse_string__v1_0`). */
export type ToolNaming = 'qualified' | 'tcl-mcp' | ToolNameCodec;

export function toolNameCodec(
  naming: ToolNaming | undefined,
  registry: Pick<ToolRegistry, 'separator'>,
): ToolNameCodec {
  if (naming === undefined || naming === 'qualified') return qualifiedNameCodec(registry);
  if (naming === 'tcl-mcp') return tclMcpNameCodec();
  if (typeof naming?.encode !== 'function' || typeof naming.decode !== 'function') {
    throw new ConfigurationError(
      'naming',
      'must be "qualified", "tcl-mcp" or an { encode, decode } codec',
    );
  }
  return naming;
}

/** `namespace<separator>name` (the registry's separator, "." by default): what registry.resolve reads. */
export function qualifiedNameCodec(registry: Pick<ToolRegistry, 'separator'>): ToolNameCodec {
  return {
    encode: (tool) => `${tool.namespace}${registry.separator}${tool.name}`,
    decode: (name) => ({ tool: name }),
  };
}
