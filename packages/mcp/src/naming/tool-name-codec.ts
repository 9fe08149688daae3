import type { ToolDefinition, ToolRegistry } from '@tp/core';

/** How registry tools are named for MCP clients, and how a called name finds its tool again. */
export interface ToolNameCodec {
  encode(tool: ToolDefinition): string;
  /** Undefined when the name cannot be one of ours. */
  decode(name: string): { readonly tool: string; readonly namespace?: string } | undefined;
}

/** `namespace<separator>name` (the registry's separator, "." by default): what registry.resolve reads. */
export function qualifiedNameCodec(registry: Pick<ToolRegistry, 'separator'>): ToolNameCodec {
  return {
    encode: (tool) => `${tool.namespace}${registry.separator}${tool.name}`,
    decode: (name) => ({ tool: name }),
  };
}
