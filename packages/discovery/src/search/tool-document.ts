import type { ToolDefinition } from '@tp/core';

/** The searchable text of a tool, one string per field. */
export interface ToolDocument {
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly description: string;
  readonly parameters: string;
  readonly tags: string;
}

export const SEARCH_FIELDS = ['name', 'namespace', 'description', 'parameters', 'tags'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

/** Parameter names and descriptions (nested object properties included, one level deep). */
function parameterText(schema: unknown, depth = 0): string[] {
  if (typeof schema !== 'object' || schema === null || depth > 1) return [];
  const properties = (schema as { properties?: unknown }).properties;
  if (typeof properties !== 'object' || properties === null) return [];
  return Object.entries(properties).flatMap(([name, property]) => {
    const description = (property as { description?: unknown } | null)?.description;
    return [
      name,
      ...(typeof description === 'string' ? [description] : []),
      ...parameterText(property, depth + 1),
    ];
  });
}

export function toolDocument(id: string, tool: ToolDefinition): ToolDocument {
  return {
    id,
    name: tool.name,
    namespace: tool.namespace,
    description: typeof tool.description === 'string' ? tool.description : '',
    parameters: parameterText(tool.inputSchema).join(' '),
    tags: tool.tags.join(' '),
  };
}
