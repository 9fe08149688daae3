import { ConfigurationError, type ToolDefinition, type ToolRegistry } from '@tp/core';
import { tclMcpNameCodec } from './tcl-mcp-naming.js';

/** How registry tools are named for MCP clients, and how a called name finds its tool again. */
export interface ToolNameCodec {
  /** Called with every tool of a tools/list answer before they are encoded one by one. */
  prepare?(tools: readonly ToolDefinition[]): void;
  encode(tool: ToolDefinition): string;
  /** Undefined when the name cannot be one of ours. */
  decode(
    name: string,
  ): { readonly tool: string; readonly namespace?: string; readonly version?: string } | undefined;
}

/**
 * Built-in schemes: `qualified` (`namespace.name`), `bare` (the tool's own name when no other
 * tool has it, else qualified: upstream tools keep the names their server gave them) or `tcl-mcp`
 * (`bin__tcl_execute`, `user__alice__utils__reverse_string__v1_0`).
 */
export type ToolNaming = 'qualified' | 'bare' | 'tcl-mcp' | ToolNameCodec;

export function toolNameCodec(
  naming: ToolNaming | undefined,
  registry: Pick<ToolRegistry, 'separator'>,
): ToolNameCodec {
  if (naming === undefined || naming === 'qualified') return qualifiedNameCodec(registry);
  if (naming === 'bare') return bareNameCodec(registry);
  if (naming === 'tcl-mcp') return tclMcpNameCodec();
  if (typeof naming?.encode !== 'function' || typeof naming.decode !== 'function') {
    throw new ConfigurationError(
      'naming',
      'must be "qualified", "bare", "tcl-mcp" or an { encode, decode } codec',
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

/**
 * The bare name when it is unique among the listed tools, `namespace<separator>name` otherwise.
 * registry.resolve finds a unique bare name in any namespace, so calls decode as they are.
 */
export function bareNameCodec(registry: Pick<ToolRegistry, 'separator'>): ToolNameCodec {
  const qualified = qualifiedNameCodec(registry);
  let counts = new Map<string, number>();
  return {
    prepare(tools) {
      counts = new Map();
      for (const tool of tools) counts.set(tool.name, (counts.get(tool.name) ?? 0) + 1);
    },
    encode: (tool) => ((counts.get(tool.name) ?? 0) === 1 ? tool.name : qualified.encode(tool)),
    decode: (name) => ({ tool: name }),
  };
}
