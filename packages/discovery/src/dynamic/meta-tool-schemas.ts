import type { JsonSchema } from '@tp/core';

export const SEARCH_TOOLS_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    query: {
      type: 'string',
      minLength: 1,
      maxLength: 500,
      description: 'What you want to do, in a few words ("delete a folder", "open a PR")',
    },
    limit: { type: 'integer', minimum: 1, maximum: 50, description: 'Most results (default 10)' },
    namespace: { type: 'string', description: 'Only tools of this namespace (server)' },
    runtime: { type: 'string', description: 'Only tools of this runtime kind (tcl, mcp...)' },
    tags: {
      type: 'array',
      items: { type: 'string' },
      description: 'Only tools carrying all these tags',
    },
  },
  required: ['query'],
  additionalProperties: false,
};

export const GET_TOOL_SCHEMA_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, description: 'A name search_tools returned' },
    version: { type: 'string', description: 'A version or range (default: the newest)' },
  },
  required: ['name'],
  additionalProperties: false,
};

export const CALL_TOOL_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, description: 'A name search_tools returned' },
    arguments: {
      type: 'object',
      description: 'The arguments, as the schema from get_tool_schema describes them',
    },
    version: { type: 'string', description: 'A version or range (default: the newest)' },
  },
  required: ['name'],
  additionalProperties: false,
};
